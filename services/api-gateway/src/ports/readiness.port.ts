/** A dependency that must answer before the gateway reports ready (GET /readyz). */
export interface ReadinessCheck {
  name: string;
  check(): Promise<boolean>;
}
export const READINESS_CHECKS = Symbol('ReadinessChecks');

import { ChangeDetectionStrategy, Component, inject, input, output, signal } from '@angular/core';
import { ApiError } from '../api/api-error';
import { GatewayClient } from '../api/gateway-client';
import { parseCustomerIds } from './customer-ids';

/**
 * Enroll: lets customers into the journey from the console (`POST /v1/journeys/{id}/enrollments`),
 * so that a journey can be built, published and run without leaving it.
 */
@Component({
  selector: 'kal-enroll-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form
      class="publish-dialog enroll-dialog"
      role="dialog"
      aria-label="Enroll customers"
      (submit)="$event.preventDefault(); enroll(ids.value)"
    >
      <div class="publish-fields">
        <label
          >Customer ids (commas, spaces or new lines; up to 1,000)
          <textarea #ids name="customerIds" rows="2" placeholder="cust_42, cust_43"></textarea>
        </label>
        <button type="submit" class="primary" [disabled]="sending()">
          {{ sending() ? 'Enrolling…' : 'Enroll' }}
        </button>
        <button type="button" (click)="closed.emit()">Close</button>
      </div>
      @if (result(); as result) {
        <p [class]="result.ok ? 'ok' : 'bad'" data-testid="enroll-result">{{ result.text }}</p>
      } @else {
        <p class="muted">
          They enter the active version now (an entry of any kind); <strong>Live</strong> shows them move.
        </p>
      }
    </form>
  `,
})
export class EnrollDialogComponent {
  readonly journeyId = input.required<string>();
  readonly closed = output<void>();
  private readonly gateway = inject(GatewayClient);
  protected readonly sending = signal(false);
  protected readonly result = signal<{ ok: boolean; text: string } | null>(null);

  protected async enroll(text: string): Promise<void> {
    const parsed = parseCustomerIds(text);
    if ('error' in parsed) {
      this.result.set({ ok: false, text: parsed.error });
      return;
    }
    this.sending.set(true);
    try {
      const { accepted } = await this.gateway.enroll(this.journeyId(), parsed.ids);
      this.result.set({
        ok: true,
        text: `${accepted.length} ${accepted.length === 1 ? 'customer' : 'customers'} enrolled: ${accepted
          .slice(0, 5)
          .map((a) => a.customerId)
          .join(', ')}${accepted.length > 5 ? '…' : ''}.`,
      });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.result.set({
        ok: false,
        text:
          err instanceof ApiError && err.code === 'journey_not_active'
            ? `Publish the journey first (it is not active): ${message}`
            : `Not enrolled: ${message}`,
      });
    } finally {
      this.sending.set(false);
    }
  }
}

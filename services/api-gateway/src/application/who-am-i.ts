import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '@kalcifer/platform';
import { WORKSPACE_STORE, type WorkspaceStore } from '../ports/workspace-store.port';
import type { Principal } from './principal';

export interface MeView {
  workspaceId: string;
  workspaceName: string;
  role: Principal['role'];
  /** `api_key:<key name>` or `user:<JWT sub>`: what the audit trail records. */
  actor: string;
  credential: 'api_key' | 'jwt';
}

/**
 * Who a credential is: its workspace (with the workspace's name), role and actor. The console
 * checks a key or JWT with it before keeping it, and names the workspace in its switcher.
 */
@Injectable()
export class WhoAmI {
  constructor(@Inject(WORKSPACE_STORE) private readonly store: Pick<WorkspaceStore, 'getWorkspace'>) {}

  async execute(principal: Principal): Promise<MeView> {
    const workspace = await this.store.getWorkspace(principal.workspaceId);
    if (!workspace)
      throw new AppError(
        'unauthenticated',
        'workspace_not_found',
        `workspace ${principal.workspaceId} does not exist`,
      );
    return {
      workspaceId: workspace.id,
      workspaceName: workspace.name,
      role: principal.role,
      actor: principal.actor,
      credential: principal.credentialId?.startsWith('jwt:') ? 'jwt' : 'api_key',
    };
  }
}

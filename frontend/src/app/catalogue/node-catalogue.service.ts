import { Injectable, inject, signal } from '@angular/core';
import { GatewayClient } from '../api/gateway-client';
import { kindsFromOpenApi, type NodeKind } from './node-kinds';

/**
 * The node catalogue, read from the gateway's /openapi.json (the journey graph schema hoisted into
 * `components.schemas.JourneyGraph_node_<type>`): the palette and the properties panel follow the
 * server's catalogue, so a new node kind appears without a console release.
 */
@Injectable({ providedIn: 'root' })
export class NodeCatalogueService {
  private readonly gateway = inject(GatewayClient);
  private loading: Promise<NodeKind[]> | null = null;
  readonly kinds = signal<NodeKind[]>([]);

  load(): Promise<NodeKind[]> {
    this.loading ??= this.gateway.openApi().then((doc) => {
      const kinds = kindsFromOpenApi(doc);
      this.kinds.set(kinds);
      return kinds;
    });
    this.loading.catch(() => (this.loading = null));
    return this.loading;
  }

  kind(type: string): NodeKind | undefined {
    return this.kinds().find((k) => k.type === type);
  }
}

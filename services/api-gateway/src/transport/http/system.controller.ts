import { Controller, Get, Header, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { CheckReadiness, type ReadinessView } from '../../application/check-readiness';
import { OPENAPI_DOCUMENT } from '../../app.tokens';
import { GATEWAY_METRICS, type GatewayMetrics } from '../../ports/gateway-metrics.port';
import { renderDocsPage } from './openapi/docs-page';

/** Unversioned, unauthenticated routes for operators and tooling. */
@Controller()
export class SystemController {
  private readonly docsPage: string;

  constructor(
    private readonly readiness: CheckReadiness,
    @Inject(GATEWAY_METRICS) private readonly metrics: GatewayMetrics,
    @Inject(OPENAPI_DOCUMENT) private readonly openApi: Record<string, unknown>,
  ) {
    this.docsPage = renderDocsPage(openApi);
  }

  @Get('healthz')
  health() {
    return { status: 'ok' };
  }

  @Get('readyz')
  async ready(@Res({ passthrough: true }) res: Response): Promise<ReadinessView> {
    const view = await this.readiness.execute();
    res.status(view.status === 'ready' ? 200 : 503);
    return view;
  }

  @Get('metrics')
  async prometheus(@Res() res: Response): Promise<void> {
    res.type(this.metrics.registry.contentType).send(await this.metrics.registry.metrics());
  }

  @Get('openapi.json')
  openapi() {
    return this.openApi;
  }

  @Get('docs')
  @Header('content-type', 'text/html; charset=utf-8')
  docs() {
    return this.docsPage;
  }
}

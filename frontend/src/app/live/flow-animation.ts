import { MAX_TRAVELLERS, TravelLimit } from './edge-traffic';

const SVG = 'http://www.w3.org/2000/svg';
/** How long a customer takes along an edge on the canvas. */
export const TRAVEL_MS = 900;

/**
 * The live overlay's flow animation: a dot that runs along an edge of the canvas (the path foblex
 * drew for it) when the journal stream reports a customer taking it, then is removed. At most
 * MAX_TRAVELLERS at once; the DOM holds no more than that however busy the journey.
 */
export class FlowAnimation {
  private readonly limit = new TravelLimit(MAX_TRAVELLERS);
  private readonly running = new Map<ReturnType<typeof setTimeout>, SVGElement>();

  /** `host`: the element the canvas is in (the editor page, in the console's page or in a shadow root). */
  constructor(private readonly host: HTMLElement) {}

  /** Customers dropped because MAX_TRAVELLERS were already moving. */
  get dropped(): number {
    return this.limit.dropped;
  }

  /** Runs a dot along each of these edges (ids of the canvas' connections). */
  travel(edgeIds: readonly string[]): void {
    for (const id of edgeIds) {
      const path = this.pathOf(id);
      const d = path?.getAttribute('d');
      if (!path?.parentNode || !d || !this.limit.tryStart()) continue;
      const dot = document.createElementNS(SVG, 'circle');
      dot.setAttribute('r', '6');
      dot.setAttribute('class', 'traveller');
      dot.setAttribute('data-edge', id);
      const motion = document.createElementNS(SVG, 'animateMotion');
      motion.setAttribute('dur', `${TRAVEL_MS}ms`);
      motion.setAttribute('begin', 'indefinite');
      motion.setAttribute('fill', 'freeze');
      motion.setAttribute('path', d);
      dot.append(motion);
      path.parentNode.append(dot);
      motion.beginElement();
      const timer = setTimeout(() => this.finish(timer), TRAVEL_MS);
      this.running.set(timer, dot);
    }
  }

  /** Removes every dot (the overlay is switched off, or the page goes). */
  clear(): void {
    for (const [timer, dot] of this.running) {
      clearTimeout(timer);
      dot.remove();
    }
    this.running.clear();
    this.limit.reset();
  }

  private finish(timer: ReturnType<typeof setTimeout>): void {
    this.running.get(timer)?.remove();
    this.running.delete(timer);
    this.limit.end();
  }

  private pathOf(edgeId: string): SVGPathElement | null {
    const connection = Array.from(this.host.querySelectorAll('f-connection')).find((c) => c.id === edgeId);
    return connection?.querySelector<SVGPathElement>('path.f-connection-path') ?? null;
  }
}

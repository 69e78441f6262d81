import type { AlertMessage } from '@kalcifer/contracts';
import type { Logger } from '@kalcifer/platform';
import { alertEvent, changeOf, judge, stateAfter, windowAt } from '../domain/alert-evaluation';
import type { AlertRule } from '../domain/alert-rule';
import type { AlertPublisher } from '../ports/alert-publisher';
import type { AlertNotice, AlertRuleStore } from '../ports/alert-rule-store';
import type { AlertWindowCounter } from '../ports/alert-window-counter';

export interface EvaluationOutcome {
  evaluated: number;
  fired: number;
  resolved: number;
  /** Changes another replica made first (its compare-and-set won). */
  lost: number;
}

/**
 * One pass over every enabled rule: measure its window, judge it, and on a change of state
 * write the new state with its notice by compare-and-set on the rule's state version, then
 * publish the notice. Two replicas judging the same change: one write wins, the other sends
 * nothing. A crash after the write and before the publish leaves the notice on the rule; the
 * next pass of any replica publishes it (its msg id makes a double publish a no-op).
 */
export class EvaluateAlertRules {
  constructor(
    private readonly rules: AlertRuleStore,
    private readonly counter: AlertWindowCounter,
    private readonly publisher: AlertPublisher,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  async execute(): Promise<EvaluationOutcome> {
    await this.publishPending();
    const outcome: EvaluationOutcome = { evaluated: 0, fired: 0, resolved: 0, lost: 0 };
    for (const rule of await this.rules.listEnabled()) {
      try {
        await this.evaluate(rule, outcome);
      } catch (err) {
        this.logger.warn(
          { err, workspaceId: rule.workspaceId, ruleId: rule.id },
          'alert rule evaluation failed',
        );
      }
    }
    return outcome;
  }

  private async evaluate(rule: AlertRule, outcome: EvaluationOutcome): Promise<void> {
    const now = this.now();
    const window = windowAt(rule, now);
    const judgement = judge(rule, await this.counter.countWindow(rule, window), now);
    outcome.evaluated++;
    const ref = { id: rule.id, workspaceId: rule.workspaceId };
    const change = changeOf(rule.state, judgement.breached);
    if (change === undefined) {
      await this.rules.recordEvaluation(ref, judgement.value, judgement.samples, now);
      return;
    }
    const version = rule.stateVersion + 1;
    const message: AlertMessage = {
      workspaceId: rule.workspaceId,
      journeyId: rule.journeyId ?? '',
      version: 0,
      instanceId: '',
      customerId: '',
      events: [alertEvent(rule, change, judgement, window)],
    };
    const notice: AlertNotice = { msgId: `alert:${rule.id}:${version}`, message };
    const won = await this.rules.changeState(ref, rule.stateVersion, {
      state: stateAfter(change),
      value: judgement.value,
      samples: judgement.samples,
      at: now,
      notice,
    });
    if (!won) {
      outcome.lost++;
      return;
    }
    outcome[change]++;
    this.logger.info(
      { workspaceId: rule.workspaceId, ruleId: rule.id, value: judgement.value, samples: judgement.samples },
      `alert ${change}: ${message.events[0].message}`,
    );
    await this.publish(ref, notice);
  }

  private async publishPending(): Promise<void> {
    for (const { ref, notice } of await this.rules.pendingNotices()) {
      try {
        await this.publish(ref, notice);
      } catch (err) {
        this.logger.warn(
          { err, workspaceId: ref.workspaceId, ruleId: ref.id },
          'alert notice not published yet',
        );
      }
    }
  }

  private async publish(ref: { id: string; workspaceId: string }, notice: AlertNotice): Promise<void> {
    await this.publisher.publish(notice);
    await this.rules.noticePublished(ref, notice.msgId);
  }
}

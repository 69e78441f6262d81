import type { AlertNotice } from './alert-rule-store';

/** Publishes an alert on the journal (kalcifer.<ws>.journal._alerts), deduplicated by its msg id. */
export interface AlertPublisher {
  publish(notice: AlertNotice): Promise<void>;
}

import { Schema } from 'mongoose';
import { CHANNELS, type Channel } from '../ports/channel-provider';

/** A `deliveries` document: `_id` is the send key, so the claim is unique by construction. */
export interface DeliveryDocument {
  _id: string;
  workspaceId: string;
  instanceId: string;
  journeyId: string;
  nodeId: string;
  customerId: string;
  channel: Channel;
  provider?: string;
  to: string;
  subject: string;
  status: 'claimed' | 'sending' | 'sent' | 'failed' | 'unknown' | 'capped';
  attempts: number;
  providerMessageId?: string;
  error?: string;
  detail?: string;
  leaseExpiresAt?: Date;
  /** Statuses the provider reported after `sent` (delivered, opened, clicked, bounced...). */
  providerStatuses?: Array<{ status: string; at: Date }>;
  createdAt: Date;
  updatedAt: Date;
}

export const DELIVERIES_COLLECTION = 'deliveries';

export const deliverySchema = new Schema<DeliveryDocument>(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    instanceId: { type: String, required: true },
    journeyId: { type: String, required: true },
    nodeId: { type: String, required: true },
    customerId: { type: String, required: true },
    channel: { type: String, enum: CHANNELS, required: true },
    provider: { type: String },
    // Empty when the customer has no address (the record then ends `failed`).
    to: { type: String, default: '' },
    subject: { type: String, default: '' },
    status: {
      type: String,
      enum: ['claimed', 'sending', 'sent', 'failed', 'unknown', 'capped'],
      required: true,
    },
    attempts: { type: Number, required: true, min: 0 },
    providerMessageId: { type: String },
    error: { type: String },
    detail: { type: String },
    leaseExpiresAt: { type: Date },
    providerStatuses: { type: [{ _id: false, status: String, at: Date }], default: undefined },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: DELIVERIES_COLLECTION, versionKey: false, strict: true },
);

// The trace of an instance lists its sends; operators look for claims stuck in a state.
deliverySchema.index({ workspaceId: 1, instanceId: 1 });
deliverySchema.index({ workspaceId: 1, status: 1, updatedAt: 1 });
// Delivery webhooks name the provider's message id.
deliverySchema.index({ workspaceId: 1, providerMessageId: 1 });

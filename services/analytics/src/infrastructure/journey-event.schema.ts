import { Schema } from 'mongoose';
import { JOURNEY_EVENT_TYPES, type JourneyEventType } from '@kalcifer/contracts';

export interface JourneyEventDocument {
  /** `<journal msg id>:<index>`: a second insert of the same event is a duplicate key. */
  _id: string;
  workspaceId: string;
  journeyId: string;
  version: number;
  instanceId: string;
  customerId: string;
  type: JourneyEventType;
  at: number;
  nodeId?: string;
  tokenId?: string;
  output?: string;
  sendKey?: string;
  channel?: string;
  status?: string;
}

export const JOURNEY_EVENTS_COLLECTION = 'journey_events';

export const journeyEventSchema = new Schema<JourneyEventDocument>(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    journeyId: { type: String, required: true },
    version: { type: Number, required: true },
    instanceId: { type: String, required: true },
    customerId: { type: String, required: true },
    type: { type: String, enum: JOURNEY_EVENT_TYPES, required: true },
    at: { type: Number, required: true },
    nodeId: String,
    tokenId: String,
    output: String,
    sendKey: String,
    channel: String,
    status: String,
  },
  { collection: JOURNEY_EVENTS_COLLECTION, versionKey: false },
);

// Every query selects one journey's events of some types over a time range.
journeyEventSchema.index({ workspaceId: 1, journeyId: 1, type: 1, at: 1 });
// Alert rules over a whole workspace (a channel's sends): one type over the last minutes.
journeyEventSchema.index({ workspaceId: 1, type: 1, at: 1 });

/** @telepulse/dataset: the channel interchange format, the seeded simulator and real-data importers. */
export {
  channelRecordSchema,
  InvalidChannelLineError,
  jsonLines,
  parseChannelLine,
  readChannelsJsonl,
  toJsonLine,
  writeChannelsJsonl,
  writeChannelsJsonlStream,
} from './interchange.js';
export type { ChannelRecord, PostRecord, SubscriberCountRecord } from './interchange.js';
export { Random } from './random.js';
export type { Seed } from './random.js';
export { channelProfiles, engagementRate, simulateChannels } from './simulator.js';
export type { ChannelProfile, GrowthProfile, SimulationOptions } from './simulator.js';
export {
  DONA134_CHANNEL_ID,
  DONA134_CSV_FILE,
  defaultDona134CsvPath,
  defaultSharedDataDir,
  importDona134Csv,
  InvalidDona134RowError,
  parseReactions,
} from './dona134.js';

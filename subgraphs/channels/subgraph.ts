import { defineSubgraph } from '@telepulse/platform/subgraph-manifest';

/** Channels, their posts and daily subscriber counts; ingestion. */
export default defineSubgraph({
  name: 'channels',
  dir: import.meta.dirname,
  port: 4001,
  database: 'channels',
  mappers: {
    Channel: '../store/documents.js#ChannelDoc',
    Post: '../domain/channel.js#ChannelPost',
    SubscriberCount: '../domain/channel.js#SubscriberCount',
    IngestResult: '../domain/ingest.js#IngestOutcome',
    Rejection: '../domain/ingest-validation.js#Rejection',
  },
  load: () => import('./src/server.js'),
});

import type { Post } from '../src/domain/channel.js';

/** A valid post numbered `id`, posted `id` minutes after 2024-06-01T00:00Z (so a higher id is newer). */
export const samplePost = (id: number, overrides: Partial<Post> = {}): Post => ({
  id: String(id),
  postedAt: new Date(Date.UTC(2024, 5, 1, 0, id)),
  views: 100 + id,
  forwards: 1,
  replies: 2,
  reactions: 3,
  text: 'hello',
  textLength: 5,
  hasMedia: false,
  ...overrides,
});

/**
 * A channel's recent posts as a federation representation carries them (`recentPosts { id text }`
 * from the channels subgraph): JSON no GraphQL type checked (`_Any`), read into the texts an
 * analysis takes. Plain TypeScript.
 */
import { IssueCollector, PreconditionError } from '@telepulse/platform';
import { checkContent } from './content-checks.js';
import { contentPatterns, type ContentPatterns, type PatternDeps, type PatternText } from './content-patterns.js';

/**
 * The posts with a text validateContent accepts, in the order given (newest first). Throws
 * BAD_USER_INPUT naming each broken field under `path` (e.g. `representations[0].recentPosts`)
 * when `posts` is not a list of posts with a string `id` and a string or null `text`. A post
 * whose text is refused (blank, binary) is the channel's data, not the caller's input: it is
 * left out, not an error.
 */
export function postsWithText(posts: unknown, path: string): PatternText[] {
  const issues = new IssueCollector();
  if (!Array.isArray(posts)) {
    issues.add(path, posts, 'must be a list of posts');
    issues.throwIfAny();
  }
  const read = (posts as unknown[]).map((raw, i) => {
    const post = issues.at(`${path}[${i}]`);
    const { id, text } = (raw ?? {}) as Record<string, unknown>;
    if (typeof id !== 'string' || id.length === 0) post.add('id', id, 'must be a post id (a non-empty string)');
    if (text !== null && text !== undefined && typeof text !== 'string') post.add('text', text, 'must be a string or null');
    return { postId: id as string, text: typeof text === 'string' ? text : null };
  });
  issues.throwIfAny();
  return read.flatMap((post) => (post.text !== null && checkContent(post.text, 'text').errors.length === 0 ? [{ text: post.text, postId: post.postId }] : []));
}

/** Channel.contentAnalysis: the patterns of the channel's posts with text; FAILED_PRECONDITION when there are none. */
export async function channelContentAnalysis(deps: PatternDeps, channelId: string, posts: readonly PatternText[]): Promise<ContentPatterns> {
  if (posts.length === 0) throw new PreconditionError(`channel "${channelId}" has no recent posts with text to analyse`, { channelId });
  return contentPatterns(deps, posts);
}

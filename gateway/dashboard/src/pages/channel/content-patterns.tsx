/**
 * What the channel's recent posts are made of (Channel.contentAnalysis): groups of posts the
 * content model reads alike, each shown by its most typical post, and which traits (links,
 * questions, emoji…) go with higher predicted engagement and viral scores. Associations, not
 * causes; the section says so.
 */
import { ChannelContentPatternsDocument, type ChannelContentPatternsQuery } from '../../__generated__/graphql.js';
import { formatChange, formatDecimal, formatPercent } from '../../ui/format.js';
import { Empty, ErrorState, Loading } from '../../ui/states.js';
import { useQuery } from '../../ui/use-query.js';

type Analysis = NonNullable<NonNullable<ChannelContentPatternsQuery['channel']>['contentAnalysis']>;

/** ln(rate / level) as "+12 %" against the channel's usual. */
const relative = (x: number | null) => (x === null ? '—' : formatChange(Math.exp(x) - 1));
/** `callsToAction` → "calls to action". */
const featureName = (f: string) => f.replace(/([A-Z])/g, ' $1').toLowerCase();
const snippet = (text: string | null | undefined) => (text ? (text.length > 160 ? `${text.slice(0, 157)}…` : text) : '(no text)');

/** Associations shown: the strongest links with predicted engagement. */
const ASSOCIATIONS_SHOWN = 6;

export function ContentPatterns({ id }: { id: string }) {
  const { data, errors, loading, unreachable, retry } = useQuery(ChannelContentPatternsDocument, { id });
  const channel = data?.channel ?? null;
  const analysis = channel?.contentAnalysis ?? null;

  let body;
  if (!analysis && loading) body = <Loading what="the content patterns" />;
  else if (!analysis && unreachable) body = <ErrorState title="The gateway is unreachable" error="No answer from the gateway." retry={retry} />;
  else if (!analysis && errors.some((e) => e.extensions?.code === 'FAILED_PRECONDITION'))
    body = <Empty what="None of the recent posts has text to analyse." hint="Posts ingested with their text (not only its length) appear here." />;
  else if (!analysis) body = <ErrorState title="Could not analyse the posts" error={errors.length > 0 ? errors : 'No answer came back.'} retry={retry} />;
  else body = <AnalysisView analysis={analysis} texts={new Map((channel?.recentPosts ?? []).map((p) => [p.id, p.text]))} />;

  return (
    <section class="card" aria-labelledby="content-title" data-testid="content-patterns" data-text-count={analysis?.count ?? ''} data-cluster-count={analysis?.clusters.length ?? ''}>
      <h2 id="content-title">Content patterns of recent posts</h2>
      {body}
    </section>
  );
}

function AnalysisView({ analysis, texts }: { analysis: Analysis; texts: Map<string, string | null> }) {
  const postOf = (index: number) => analysis.texts.find((t) => t.index === index)?.postId ?? null;
  const associations = analysis.associations.filter((a) => a.textsWith > 0 && a.textsWithout > 0).slice(0, ASSOCIATIONS_SHOWN);
  const common = [...analysis.features].filter((f) => f.presence > 0).sort((a, b) => b.presence - a.presence);
  return (
    <>
      <p class="summary">
        {analysis.count} posts with text; mean viral score <strong data-testid="mean-viral-score">{formatPercent(analysis.meanViralScore)}</strong>, predicted engagement{' '}
        {relative(analysis.meanRelativeEngagement)} against the channel’s usual.{' '}
        <span class="sub">
          {analysis.clusters.length === 1 ? 'The texts form no distinct groups.' : `${analysis.clusters.length} groups (silhouette ${formatDecimal(analysis.clusterSilhouette, 2)}: above 0.5 well apart, below 0.25 hardly any structure).`}{' '}
          Models {analysis.engagementModel.name} {analysis.engagementModel.version} and {analysis.viralModel.name} {analysis.viralModel.version}.
        </span>
      </p>
      <h3>Groups of posts</h3>
      <ul class="clusters">
        {analysis.clusters.map((c) => {
          const postId = postOf(c.representative);
          return (
            <li key={c.index} class="cluster" data-cluster={c.index} data-size={c.size} data-mean-viral-score={c.meanViralScore}>
              <p>
                <strong>
                  {c.size} post{c.size === 1 ? '' : 's'}
                </strong>
                : viral score {formatPercent(c.meanViralScore)}, engagement {relative(c.meanRelativeEngagement)}
                {c.distinctive.length > 0 ? <> · {c.distinctive.map((d) => `${d.standardizedDifference < 0 ? 'fewer' : 'more'} ${featureName(d.feature)}`).join(', ')} than the rest</> : null}
              </p>
              <blockquote class="sub" data-post-id={postId ?? ''}>
                {snippet(postId ? texts.get(postId) : null)}
              </blockquote>
            </li>
          );
        })}
      </ul>
      <h3>What goes with engagement</h3>
      {associations.length === 0 ? (
        <p class="sub">No trait is present in some posts and absent in others.</p>
      ) : (
        <table class="data-table" data-testid="content-associations">
          <caption class="visually-hidden">Traits of the posts against the models’ calls</caption>
          <thead>
            <tr>
              <th scope="col">Trait</th>
              <th scope="col" class="numeric">
                Posts with / without
              </th>
              <th scope="col" class="numeric">
                Engagement with / without
              </th>
              <th scope="col" class="numeric">
                Viral score with / without
              </th>
            </tr>
          </thead>
          <tbody>
            {associations.map((a) => (
              <tr key={a.feature} data-feature={a.feature} data-engagement-correlation={a.engagementCorrelation ?? ''}>
                <th scope="row">{featureName(a.feature)}</th>
                <td class="numeric">
                  {a.textsWith} / {a.textsWithout}
                </td>
                <td class="numeric">
                  {relative(a.relativeEngagementWith)} / {relative(a.relativeEngagementWithout)}
                </td>
                <td class="numeric">
                  {formatPercent(a.viralScoreWith)} / {formatPercent(a.viralScoreWithout)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p class="sub">Associations, not causes: posts with links may be news, and news may be what engages.</p>
      {common.length > 0 ? (
        <details>
          <summary>How common each trait is</summary>
          <ul class="plain-list columns">
            {common.map((f) => (
              <li key={f.feature} data-feature-presence={f.feature} data-presence={f.presence}>
                {featureName(f.feature)}: {formatPercent(f.presence)} of posts
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </>
  );
}

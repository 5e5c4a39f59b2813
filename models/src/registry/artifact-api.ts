/**
 * Learning's internal artifact API, the contract both sides import: learning serves it (its
 * model registry), the model follower in every predicting subgraph reads it. Plain HTTP on
 * learning's own server, outside the supergraph:
 *
 *   GET /models/active                        → ActiveModelsResponse
 *   GET /models/<modelId>/versions/<version>  → ModelVersionResponse (404 when not registered)
 *
 * Every request carries `Authorization: Bearer <proof>`: a proof minted with SUBGRAPH_SECRET for
 * the audience `learning`, acting for `service:<caller>` with the scope `models:read`, bound to
 * the request line (`GET <path>`) as gateway proofs are bound to a body. Anything else gets 401
 * (403 without the scope), as JSON.
 */
import { bodySha256, signGatewayProof } from '@telepulse/platform/gateway-proof';

export const LEARNING_AUDIENCE = 'learning';
export const MODELS_READ_SCOPE = 'models:read';

export interface ActiveModelsResponse {
  models: { modelId: string; version: string; sha256: string; activatedAt: string }[];
}

export interface ModelVersionResponse {
  modelId: string;
  version: string;
  /** Hex SHA-256 of the ONNX bytes. */
  sha256: string;
  metadata: unknown;
  /** The ONNX bytes, base64. */
  onnx: string;
}

export const activeModelsPath = () => '/models/active';
export const modelVersionPath = (modelId: string, version: string) => `/models/${encodeURIComponent(modelId)}/versions/${encodeURIComponent(version)}`;

/** What a proof for `GET <path>` is bound to (in place of a body's digest). */
export const requestLineDigest = (method: string, path: string) => bodySha256(`${method} ${path}`);

/** The Authorization header value for one request of `caller` (a subgraph's name) to `path`. */
export async function artifactApiAuthorization(secret: string, caller: string, path: string, timeoutMs: number): Promise<string> {
  const proof = await signGatewayProof(secret, {
    audience: LEARNING_AUDIENCE,
    identity: { subject: `service:${caller}`, scopes: [MODELS_READ_SCOPE] },
    trace: { requestId: `model-sync-${caller}-${Date.now().toString(36)}`, via: [caller] },
    timeoutMs,
    bodySha256: requestLineDigest('GET', path),
  });
  return `Bearer ${proof}`;
}

/**
 * Who may read learning's artifact API: a request carrying a proof minted with SUBGRAPH_SECRET
 * for the audience `learning`, bound to its own request line, acting with `models:read`.
 */
import { ForbiddenError, UnauthenticatedError } from '@telepulse/platform';
import { verifyGatewayProof } from '@telepulse/platform/gateway-proof';
import { LEARNING_AUDIENCE, MODELS_READ_SCOPE, requestLineDigest } from '@telepulse/models/registry/artifact-api';

/** The caller's subject; throws UnauthenticatedError (no or a bad proof) or ForbiddenError (no `models:read`). */
export async function checkCallerProof(secret: string, authorization: string | undefined, method: string, path: string): Promise<string> {
  const token = /^Bearer (\S+)$/i.exec(authorization ?? '')?.[1];
  if (!token) throw new UnauthenticatedError('the artifact API needs Authorization: Bearer <proof signed with SUBGRAPH_SECRET>');
  const proof = await verifyGatewayProof(secret, LEARNING_AUDIENCE, token);
  if (proof.bodySha256 !== requestLineDigest(method, path)) throw new UnauthenticatedError(`the proof was minted for another request than ${method} ${path}`);
  if (!proof.identity?.scopes.includes(MODELS_READ_SCOPE)) throw new ForbiddenError(`reading model artifacts needs the scope ${MODELS_READ_SCOPE}`);
  return proof.identity.subject;
}

import { createHash } from 'node:crypto';
import { GridFSBucket, type Collection, type Db } from 'mongodb';
import { isDuplicateKey } from '@telepulse/platform/mongo';

const BASE_FIELDS = ['name', 'version', 'sha256', 'bytes', 'fileId', 'registeredAt', 'origin'] as const;

/** A registered model version: its metadata document; the bytes live in GridFS. */
export interface ModelVersionDoc<Metadata = unknown> {
  /** `${name}@${version}` */
  _id: string;
  name: string;
  version: string;
  sha256: string;
  bytes: number;
  fileId: unknown;
  metadata: Metadata;
  registeredAt: Date;
  /** Where the bytes first came from (e.g. "artifact", "training"). */
  origin: string;
}

/** Which version of each model serves: one document per model name, switched in one write. */
export interface ActiveModelDoc {
  _id: string;
  version: string;
  activatedAt: Date;
}

export interface LoadedModel<Metadata> {
  version: ModelVersionDoc<Metadata>;
  onnx: Uint8Array;
}

/**
 * Model versions in MongoDB: metadata documents in `model_versions`, ONNX bytes in the GridFS
 * bucket `model_files`, and the active version per model in `active_models` (a single-document
 * switch, so no transaction is needed).
 */
export class ModelRegistry {
  private readonly versions: Collection<ModelVersionDoc>;
  private readonly active: Collection<ActiveModelDoc>;
  private readonly files: GridFSBucket;

  constructor(db: Db) {
    this.versions = db.collection('model_versions');
    this.active = db.collection('active_models');
    this.files = new GridFSBucket(db, { bucketName: 'model_files' });
  }

  /**
   * Stores a version (bytes first, then the document); a version already stored with the same bytes is kept.
   * Two processes registering the same version at once (replicas of a subgraph starting together
   * on an empty database) both upload; the document's insert decides which bytes are kept, and the
   * other's upload is removed.
   */
  async register<M>(name: string, version: string, onnx: Uint8Array, metadata: M, origin: string, now = new Date()): Promise<ModelVersionDoc<M>> {
    const id = `${name}@${version}`;
    const sha256 = createHash('sha256').update(onnx).digest('hex');
    const existing = (await this.versions.findOne({ _id: id })) as ModelVersionDoc<M> | null;
    if (existing) {
      if (existing.sha256 !== sha256) throw new Error(`model ${id} is already registered with other bytes (sha256 ${existing.sha256.slice(0, 12)})`);
      return existing;
    }
    const fileId = await new Promise<unknown>((resolve, reject) => {
      const upload = this.files.openUploadStream(`${id}.onnx`, { metadata: { name, version, sha256 } });
      upload.once('error', reject).once('finish', () => resolve(upload.id));
      upload.end(Buffer.from(onnx));
    });
    const doc: ModelVersionDoc<M> = { _id: id, name, version, sha256, bytes: onnx.byteLength, fileId, metadata, registeredAt: now, origin };
    try {
      await this.versions.insertOne(doc as ModelVersionDoc);
      return doc;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    // Registered meanwhile by another process: its document and bytes stand, this upload goes.
    await this.files.delete(fileId as never).catch(() => undefined);
    const stored = (await this.versions.findOne({ _id: id })) as ModelVersionDoc<M> | null;
    if (!stored) throw new Error(`model ${id} was registered by another process and then removed while this one registered it`);
    if (stored.sha256 !== sha256) throw new Error(`model ${id} is already registered with other bytes (sha256 ${stored.sha256.slice(0, 12)})`);
    return stored;
  }

  /** Makes `version` the one that serves `name`. */
  async activate(name: string, version: string, now = new Date()): Promise<void> {
    if (!(await this.versions.findOne({ _id: `${name}@${version}` }, { projection: { _id: 1 } }))) {
      throw new Error(`model ${name}@${version} is not registered`);
    }
    const write = () => this.active.updateOne({ _id: name }, { $set: { version, activatedAt: now } }, { upsert: true });
    try {
      await write();
    } catch (error) {
      // Two first activations at once (replicas starting together): both upserts insert, one meets the other's `_id`; now it is an update.
      if (!isDuplicateKey(error)) throw error;
      await write();
    }
  }

  /** The active version of `name` with its bytes (checked against the stored hash), or null when none is active. */
  async loadActive<M>(name: string): Promise<LoadedModel<M> | null> {
    const active = await this.active.findOne({ _id: name });
    if (!active) return null;
    const loaded = await this.loadVersion<M>(name, active.version);
    if (!loaded) throw new Error(`active model ${name}@${active.version} has no version document`);
    return loaded;
  }

  /** One registered version of `name` with its bytes (checked against the stored hash), or null when it is not registered. */
  async loadVersion<M>(name: string, version: string): Promise<LoadedModel<M> | null> {
    const doc = (await this.versions.findOne({ _id: `${name}@${version}` })) as ModelVersionDoc<M> | null;
    if (!doc) return null;
    const chunks: Buffer[] = [];
    for await (const chunk of this.files.openDownloadStream(doc.fileId as never)) chunks.push(chunk as Buffer);
    const onnx = new Uint8Array(Buffer.concat(chunks));
    const sha256 = createHash('sha256').update(onnx).digest('hex');
    if (sha256 !== doc.sha256) throw new Error(`stored bytes of ${doc._id} do not match their sha256`);
    return { version: doc, onnx };
  }

  /** The active version of every model that has one, with its bytes' sha256: two queries. */
  async listActive(): Promise<{ name: string; version: string; sha256: string; activatedAt: Date }[]> {
    const active = await this.active.find({}).sort({ _id: 1 }).toArray();
    if (active.length === 0) return [];
    const ids = active.map((a) => `${a._id}@${a.version}`);
    const docs = await this.versions.find({ _id: { $in: ids } }, { projection: { sha256: 1 } }).toArray();
    const sha = new Map(docs.map((d) => [d._id, d.sha256]));
    return active.flatMap((a) => {
      const sha256 = sha.get(`${a._id}@${a.version}`);
      return sha256 ? [{ name: a._id, version: a.version, sha256, activatedAt: a.activatedAt }] : [];
    });
  }

  /** The active versions of `names` (their documents in `active_models`) by name, in one query; a model without one is missing. */
  async activeOf(names: readonly string[]): Promise<Map<string, ActiveModelDoc>> {
    const docs = await this.active.find({ _id: { $in: [...names] } }).toArray();
    return new Map(docs.map((doc) => [doc._id, doc]));
  }

  async isRegistered(name: string, version: string): Promise<boolean> {
    return (await this.versions.countDocuments({ _id: `${name}@${version}` }, { limit: 1 })) > 0;
  }

  /**
   * The versions of `name` (or of several names, in one query), oldest first, without their metadata except the top-level
   * `metadataFields` asked for (e.g. `lineage`).
   */
  listVersions(name: string | readonly string[], metadataFields: readonly string[] = []): Promise<ModelVersionDoc[]> {
    const filter = typeof name === 'string' ? { name } : { name: { $in: [...name] } };
    const projection = metadataFields.length > 0 ? Object.fromEntries([...BASE_FIELDS, ...metadataFields.map((f) => `metadata.${f}`)].map((f) => [f, 1])) : { metadata: 0 };
    return this.versions.find(filter, { projection }).sort({ registeredAt: 1, _id: 1 }).toArray();
  }
}

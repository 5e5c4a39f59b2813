import { createHash } from 'node:crypto';
import { GridFSBucket, type Collection, type Db } from 'mongodb';

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

  /** Stores a version (bytes first, then the document); a version already stored with the same bytes is kept. */
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
    await this.versions.insertOne(doc as ModelVersionDoc);
    return doc;
  }

  /** Makes `version` the one that serves `name`. */
  async activate(name: string, version: string, now = new Date()): Promise<void> {
    if (!(await this.versions.findOne({ _id: `${name}@${version}` }, { projection: { _id: 1 } }))) {
      throw new Error(`model ${name}@${version} is not registered`);
    }
    await this.active.updateOne({ _id: name }, { $set: { version, activatedAt: now } }, { upsert: true });
  }

  /** The active version of `name` with its bytes (checked against the stored hash), or null when none is active. */
  async loadActive<M>(name: string): Promise<LoadedModel<M> | null> {
    const active = await this.active.findOne({ _id: name });
    if (!active) return null;
    const version = (await this.versions.findOne({ _id: `${name}@${active.version}` })) as ModelVersionDoc<M> | null;
    if (!version) throw new Error(`active model ${name}@${active.version} has no version document`);
    const chunks: Buffer[] = [];
    for await (const chunk of this.files.openDownloadStream(version.fileId as never)) chunks.push(chunk as Buffer);
    const onnx = new Uint8Array(Buffer.concat(chunks));
    const sha256 = createHash('sha256').update(onnx).digest('hex');
    if (sha256 !== version.sha256) throw new Error(`stored bytes of ${version._id} do not match their sha256`);
    return { version, onnx };
  }

  async isRegistered(name: string, version: string): Promise<boolean> {
    return (await this.versions.countDocuments({ _id: `${name}@${version}` }, { limit: 1 })) > 0;
  }

  listVersions(name: string): Promise<ModelVersionDoc[]> {
    return this.versions.find({ name }, { projection: { metadata: 0 } }).sort({ registeredAt: 1 }).toArray();
  }
}

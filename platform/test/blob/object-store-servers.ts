/**
 * @module
 * Real object-store servers for tests and benchmarks, each in a child process of its own on a free
 * loopback port: s3rver (an S3-compatible server) and Azurite (Microsoft's Azure Storage emulator).
 * Neither reaches the network: Azurite's telemetry is switched off.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';

const require = createRequire(import.meta.url);

export interface RunningServer {
  /** Where the server keeps its data. */
  readonly dir: string;
  readonly pid: number;
  stop(): Promise<void>;
}

/** Azurite's fixed development account (documented by Microsoft, not a secret). */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
export const AZURITE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

async function startChild(
  args: string[],
  listening: RegExp,
  dir: string,
): Promise<{ child: ChildProcess; port: number; stop(): Promise<void> }> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 20 s: ${out}`)), 20_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = listening.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}: ${out}`));
    });
  });
  const stop = async () => {
    if (child.exitCode === null) {
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await gone;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  return { child, port, stop };
}

/** Starts s3rver with `bucket` made; its fixed credentials are S3RVER / S3RVER. */
export async function startS3rver(
  bucket = 'brevdue',
): Promise<RunningServer & { endpoint: string; bucket: string; accessKeyId: string; secretAccessKey: string }> {
  const dir = mkdtempSync(join(tmpdir(), 's3rver-'));
  const bin = join(dirname(require.resolve('s3rver/package.json')), 'bin', 's3rver.js');
  const s = await startChild(
    [bin, '-d', dir, '-a', '127.0.0.1', '-p', '0', '-s', '--configure-bucket', bucket],
    /listening on 127\.0\.0\.1:(\d+)/,
    dir,
  );
  return {
    dir,
    pid: s.child.pid!,
    stop: s.stop,
    endpoint: `http://127.0.0.1:${s.port}`,
    bucket,
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
  };
}

/** Starts Azurite's blob service; `connectionString` reaches it with the development account. */
export async function startAzurite(): Promise<RunningServer & { connectionString: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'azurite-'));
  const main = join(dirname(require.resolve('azurite')), 'blob', 'main.js');
  // --skipApiVersionCheck: the SDK speaks a newer service version than this Azurite release knows.
  const args = [main, '--blobHost', '127.0.0.1', '--blobPort', '0', '-l', dir, '--skipApiVersionCheck', '--disableTelemetry', '--silent'];
  const s = await startChild(args, /listens on http:\/\/127\.0\.0\.1:(\d+)/, dir);
  const connectionString =
    `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_KEY};` +
    `BlobEndpoint=http://127.0.0.1:${s.port}/${AZURITE_ACCOUNT};`;
  return { dir, pid: s.child.pid!, stop: s.stop, connectionString };
}

/** Keys under `prefix` (without it) in an s3rver's bucket, listed by a client of its own. */
export async function listS3Keys(s: { endpoint: string; bucket: string }, prefix = 'blobs/'): Promise<string[]> {
  const client = new S3Client({
    region: 'us-east-1',
    endpoint: s.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  try {
    const out: string[] = [];
    let ContinuationToken: string | undefined;
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket: s.bucket, Prefix: prefix, ContinuationToken }));
      out.push(...(page.Contents ?? []).map((o) => o.Key!.slice(prefix.length)));
      ContinuationToken = page.NextContinuationToken;
    } while (ContinuationToken);
    return out;
  } finally {
    client.destroy();
  }
}

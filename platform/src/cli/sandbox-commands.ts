/**
 * @module
 * `brevdue sandbox send-inbound`: received post on demand, for developers and testers. The
 * plugin's simulator (started here, on a free port, with the PKI and settings of the configured
 * one) writes a sample message — or takes a MeMo file — and delivers it to the running
 * platform's receiving endpoint exactly as the real service would (SF1606 PostModtag over mutual
 * TLS for digitalpost-sf1601); the platform's verdict is printed, and the exit code is 0 only for
 * accept. The platform is imported when the command runs, so the command line stays fast.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { basename, extname, join } from 'node:path';
import type { Command } from 'commander';
import type { RunningSimulator } from '@brevdue/shared/sdk';
import { sendInboundText } from './send-inbound-messages.ts';

interface SendInboundOptions {
  file?: string;
  replyTo?: string;
  subject?: string;
  kle?: string;
  caseId?: string;
  contactPoint?: string;
  senderCpr?: string;
  document?: string;
  messageUuid?: string;
  cvr?: string;
  to?: string;
  lang?: string;
}

const MEDIA_TYPES: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.heic': 'image/heic',
  '.txt': 'text/plain',
  '.xml': 'application/xml',
  '.html': 'text/html',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export function registerSandboxCommands(program: Command): void {
  const sandbox = program.command('sandbox').description('try the platform without the real services: post from the simulators');
  sandbox
    .command('send-inbound')
    .description(
      "have a plugin's simulator deliver received post to the running platform, as the real service does (SF1606 for digitalpost-sf1601)",
    )
    .argument('[plugin]', 'plugin name from the config (default: the first that receives post and has a simulator)')
    .option('--file <memo.xml>', 'deliver this MeMo message as it is, instead of a sample')
    .option('--reply-to <letter>', 'make the sample a reply to a letter we sent: its id (or its MeMo messageUUID)')
    .option('--subject <text>', "the sample's subject")
    .option('--kle <key>', 'KLE subject key, e.g. 28.12.08 (routing rules match it)')
    .option('--case-id <id>', 'case id (ContentData CaseID)')
    .option('--contact-point <id>', "the organisation's contact point id")
    .option('--sender-cpr <cpr>', "the citizen's CPR (default: a test CPR)")
    .option('--document <file>', 'attach this file instead of the sample PDF')
    .option('--message-uuid <uuid>', 'the MeMo messageUUID (default: a new one; give the same twice to see a redelivery)')
    .option('--cvr <cvr>', 'the receiving organisation (default: defaultOrganisation.cvr)')
    .option('--to <url>', "the platform's receiving URL (default: the simulator setting inboundUrl)")
    .option('--lang <da|en>', 'language of the output', 'da')
    .action(async (plugin: string | undefined, o: SendInboundOptions) => {
      process.exitCode = await sendInbound(plugin, o);
    });
}

/** Runs the command; answers the exit code. */
async function sendInbound(plugin: string | undefined, o: SendInboundOptions): Promise<number> {
  const t = sendInboundText(o.lang);
  const config = (await import('../config/load-config.ts')).loadConfig();
  const { loadPluginDefinition } = await import('../plugins/load-plugin.ts');
  const candidates = config.plugins.filter((e) => !plugin || e.name === plugin || e.package === plugin || e.package.endsWith(`-${plugin}`));
  if (plugin && candidates.length === 0) throw new Error(t.unknownPlugin(plugin));
  let chosen:
    | {
        name: string;
        settings: Record<string, unknown>;
        start: (dataDir: string, settings: Record<string, unknown>) => Promise<RunningSimulator>;
      }
    | undefined;
  for (const e of candidates) {
    const def = await loadPluginDefinition(e.package);
    const sim = def.simulator;
    if (def.kind === 'provider' && def.capabilities.receives && sim) {
      chosen = {
        name: e.name ?? def.name,
        settings: e.simulator?.settings ?? {},
        start: (dataDir, settings) => sim.start({ port: 0, host: '127.0.0.1', dataDir, settings }),
      };
      break;
    }
    if (plugin) throw new Error(t.cannotReceive(plugin));
  }
  if (!chosen) throw new Error(t.noPlugin);

  const uuid = o.messageUuid ?? randomUUID();
  const sample = o.file ? undefined : await sampleRequest(o, uuid, config.defaultOrganisation.cvr ?? undefined, t);
  const settings = { ...chosen.settings, ...(o.to ? { inboundUrl: o.to } : {}) };
  // Same data dir as the configured simulator: the same test PKI, whose CA the platform trusts.
  const sim = await chosen.start(join(config.dataDir, 'simulators', chosen.name), settings);
  try {
    console.log(t.sending(o.file ? basename(o.file) : uuid, String(settings.inboundUrl ?? '?')));
    const caFile = typeof sim.info?.caFile === 'string' ? sim.info.caFile : undefined;
    const answer = o.file
      ? await post(`${sim.url}/_simulator/inbound`, readFileSync(o.file), 'application/xml', caFile)
      : await post(`${sim.url}/_simulator/inbound/sample`, Buffer.from(JSON.stringify(sample)), 'application/json', caFile);
    const ok = answer.status >= 200 && answer.status < 300;
    if (ok) console.log(t.accepted(answer.status));
    else console.error(t.refused(answer.status), answer.body);
    return ok ? 0 : 1;
  } finally {
    await sim.close();
  }
}

/** The sample's fields; a `--reply-to` letter id is looked up for the messageUUID it was sent with. */
async function sampleRequest(o: SendInboundOptions, uuid: string, defaultCvr: string | undefined, t: ReturnType<typeof sendInboundText>) {
  const cvr = o.cvr ?? defaultCvr;
  if (!cvr) throw new Error(t.noCvr);
  const replyToMessageUuid = o.replyTo ? await messageUuidOf(o.replyTo, t) : undefined;
  const doc = o.document
    ? {
        filename: basename(o.document),
        mediaType: MEDIA_TYPES[extname(o.document).toLowerCase()] ?? 'application/octet-stream',
        contentBase64: readFileSync(o.document).toString('base64'),
      }
    : undefined;
  return {
    cvr,
    messageUuid: uuid,
    ...(o.senderCpr ? { senderCpr: o.senderCpr.replace(/\D/g, '') } : {}),
    ...(o.subject ? { subject: o.subject } : {}),
    ...(replyToMessageUuid ? { replyToMessageUuid } : {}),
    ...(o.caseId ? { caseId: o.caseId } : {}),
    ...(o.contactPoint ? { contactPointId: o.contactPoint } : {}),
    ...(o.kle ? { kle: o.kle } : {}),
    ...(doc ? { document: doc } : {}),
  };
}

async function messageUuidOf(letter: string, t: ReturnType<typeof sendInboundText>): Promise<string> {
  const id = letter.trim().toLowerCase();
  const { withRuntime } = await import('./with-runtime.ts');
  const row = await withRuntime((rt) =>
    rt.db
      .selectFrom('letters')
      .select(['id', 'message_id'])
      .where((eb) => eb.or([eb('id', '=', id), eb('message_id', '=', id)]))
      .executeTakeFirst(),
  );
  if (!row) throw new Error(t.unknownLetter(letter));
  return row.message_id;
}

/** One POST to the simulator, trusting its test CA; answers status and body text. */
function post(url: string, body: Buffer, contentType: string, caFile: string | undefined): Promise<{ status: number; body: string }> {
  const send = url.startsWith('https:') ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      {
        method: 'POST',
        headers: { 'content-type': contentType, 'content-length': String(body.length) },
        ...(caFile ? { ca: readFileSync(caFile) } : {}),
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

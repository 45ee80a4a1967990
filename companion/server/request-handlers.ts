// The requests of an authenticated connection: job.submit / cancel / list / get and pair.create.
// Each answers with its reply or a coded error and never throws past the session. Submit and cancel
// wait for the disk (the job, or the cancel, is saved before it is acknowledged); job.get reads
// results back from the job's journal.
import { GleanerError, toGleanerError } from '../../shared/errors.js';
import type { ClientMessage, JobGetMessage, JobSubmitMessage } from '../../shared/protocol/client-messages.js';
import type { ServerMessage } from '../../shared/protocol/server-messages.js';
import type { Session } from './session.js';

const PAGE_SIZE = 1000;

export async function handleRequest(session: Session, message: Exclude<ClientMessage, { type: 'hello' | 'ping' }>): Promise<void> {
  const re = message.id;
  try {
    switch (message.type) {
      case 'job.submit':
        await submit(session, message);
        return;
      case 'job.cancel': {
        const job = findJob(session, message.job);
        await session.ctx.jobs.cancel(job);
        session.send(withRe({ type: 'ok', job: job.id }, re));
        return;
      }
      case 'job.list': {
        const jobs = session.ctx.jobs.list(session.client!.id, session.isAdmin).map((job) => job.info());
        session.send(withRe({ type: 'job.listed', jobs }, re));
        return;
      }
      case 'job.get':
        await get(session, message);
        return;
      case 'pair.create': {
        if (!session.isAdmin) throw new GleanerError('ERR_AUTH_NOT_ALLOWED', 'Only the local admin token can create pairing codes: run `gleaner pair`');
        const code = session.ctx.pairing.create();
        session.logger.info({ expiresAt: new Date(code.expiresAt).toISOString() }, 'Pairing code created');
        session.send(withRe({ type: 'pair.code', ...code }, re));
        return;
      }
    }
  } catch (error) {
    const failure = toGleanerError(error);
    const job = 'job' in message ? message.job : undefined;
    session.fail(failure.code, failure.message, { re, job });
  }
}

function withRe<T extends ServerMessage>(message: T, re: string | undefined): T {
  return re === undefined ? message : { ...message, re };
}

function findJob(session: Session, id: string) {
  const job = session.ctx.jobs.get(id, session.client!.id, session.isAdmin);
  // Another client's job answers exactly like a missing one: ids are not disclosed across clients.
  if (!job) throw new GleanerError('ERR_JOB_NOT_FOUND', `No job ${id}`);
  return job;
}

async function submit(session: Session, message: JobSubmitMessage): Promise<void> {
  await session.ctx.jobs.submit(
    { ownerId: session.client!.id, items: message.items, target: message.target, options: message.options, label: message.label },
    session,
    (job) => session.send(withRe({ type: 'job.accepted', job: job.id, items: job.itemCount, state: job.state }, message.id)),
  );
}

async function get(session: Session, message: JobGetMessage): Promise<void> {
  const job = findJob(session, message.job);
  const from = message.from ?? 0;
  const limit = Math.min(message.limit ?? PAGE_SIZE, PAGE_SIZE);
  const items = await job.readResults(from, limit);
  const next = from + items.length;
  // Results that arrived while the page was read are beyond `next`: `more` says so, and the live
  // events start now, in the same turn as the reply, so nothing falls between the two.
  const following = message.follow === true && !job.finished;
  if (following) job.followers.add(session);
  session.send(
    withRe(
      { type: 'job.state', info: job.info(), items, active: job.active(), next, more: next < job.resultCount, following },
      message.id,
    ),
  );
}

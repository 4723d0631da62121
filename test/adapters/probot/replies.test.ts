// The reply to a refused command is written by our App, so it must never carry a live
// checklist marker (it would look like our sticky comment), a mention, or Markdown a commenter
// typed; the gate's own wording keeps its code spans.
import { describe, expect, it } from 'vitest';
import type { ApprovalDecision, RefusedCommand } from '../../../src/core/approval/types.ts';
import { isOwnComment } from '../../../src/adapters/github/publish.ts';
import { auditFromReport, auditSummary } from '../../../src/adapters/probot/merge-audit.ts';
import { PostedReplies, refusalReply, replyMarker } from '../../../src/adapters/probot/replies.ts';
import { expectNoMentions } from './scenarios.ts';

const decision = (refusedCommands: RefusedCommand[]) => ({ refusedCommands }) as unknown as ApprovalDecision;

describe('refusalReply', () => {
  it('quotes each refused command of the commenter and says why, politely', () => {
    const reply = refusalReply(
      decision([
        { login: 'Eve', command: '/modelgate waive lineage-split-before-fit -- fine', why: 'not allowed: not in `acme/model-risk`' },
        { login: 'mallory', command: '/modelgate approve', why: 'pull request author' },
      ]),
      'eve',
    );
    expect(reply).toBe(
      [
        'Thanks, `eve`. modelgate did not apply this command:',
        '',
        '- `/modelgate waive lineage-split-before-fit -- fine`: not allowed\\: not in `acme/model-risk`',
        '',
        'Nothing about the gate changed. The checklist comment lists who can approve and waive.',
      ].join('\n'),
    );
  });

  it('quotes at most five refused commands and counts the rest, so a flood of commands cannot outgrow a comment', () => {
    const flood = Array.from({ length: 2000 }, (_, i) => ({ login: 'eve', command: `/modelgate ack item-${i}`, why: 'unknown checklist item' }));
    const reply = refusalReply(decision(flood), 'eve')!;
    const quoted = reply.split('\n').filter((line) => line.startsWith('- '));
    expect(quoted).toEqual([
      '- `/modelgate ack item-0`: unknown checklist item',
      '- `/modelgate ack item-1`: unknown checklist item',
      '- `/modelgate ack item-2`: unknown checklist item',
      '- `/modelgate ack item-3`: unknown checklist item',
      '- `/modelgate ack item-4`: unknown checklist item',
      '- … and 1995 more',
    ]);
    expect(reply.length).toBeLessThan(1000);
  });

  it('says nothing when none of the commenter\'s commands was refused', () => {
    expect(refusalReply(decision([{ login: 'mallory', command: '/modelgate approve', why: 'bot' }]), 'eve')).toBeUndefined();
  });

  it('makes a typed marker, mention or Markdown inert', () => {
    const command = '/modelgate waive x -- <!-- modelgate:checklist --> cc @acme/model-risk [click](https://evil.test)';
    const reply = refusalReply(decision([{ login: 'eve', command, why: 'unknown command `<!-- modelgate:checklist -->@everyone`' }]), 'eve')!;
    expect(reply).not.toContain('<!-- modelgate:checklist -->');
    expect(isOwnComment({ id: 1, body: reply, user: { login: 'modelgate[bot]', type: 'Bot' }, appId: 1 }, { appId: 1 })).toBe(false);
    expectNoMentions(reply);
    // The whole command stays one code span, so its link is shown, not rendered.
    expect(reply.split('\n')[2]).toMatch(/^- `\/modelgate waive x -- [^`]*\[click\]\(https:\/\/evil\.test\)`: unknown command `/);
  });
});

describe('one reply per comment and reason', () => {
  const refused: RefusedCommand[] = [
    { login: 'eve', command: '/modelgate ack runbook', why: 'unknown checklist item `runbook`', commentId: 11 },
    { login: 'eve', command: '/modelgate waive x -- y', why: 'no error of `x` in this pull request', commentId: 12 },
  ];

  it('answers only the commands of the comment it names, and marks it as that comment\'s answer', () => {
    const reply = refusalReply(decision(refused), 'eve', 12)!;
    expect(reply).toContain('- `/modelgate waive x -- y`: ');
    expect(reply).not.toContain('runbook');
    expect(reply.split('\n').at(-1)).toBe(replyMarker(12, [refused[1]!]));
    expect(replyMarker(12, [refused[1]!])).toMatch(/^<!-- modelgate:reply comment=12 reasons=[0-9a-f]{12} -->$/);
    // A comment with nothing refused (a recheck) gets no reply.
    expect(refusalReply(decision(refused), 'eve', 13)).toBeUndefined();
  });

  it('marks another reason for the same comment differently', () => {
    expect(replyMarker(11, [refused[0]!])).not.toBe(replyMarker(11, [{ ...refused[0]!, why: 'the comment was edited; post the command in a new comment' }]));
  });

  it('remembers the most recent replies only', () => {
    const posted = new PostedReplies(2);
    posted.add('a');
    posted.add('b');
    expect(posted.has('a')).toBe(true);
    posted.add('c');
    // `a` was used after `b`, so `b` is the one forgotten.
    expect([posted.has('a'), posted.has('b'), posted.has('c')]).toEqual([true, false, true]);
  });
});

describe('merge audit text', () => {
  it('finds the audit block of a report and fences it safely', () => {
    const body = 'report\n<details><summary>Audit record</summary>\n\n```json\n{"decision":"pass"}\n```\n</details>';
    expect(auditFromReport(body)).toBe('{"decision":"pass"}');
    const head = 'c'.repeat(40);
    expect(auditSummary({ pullNumber: 7, headSha: head, approval: { status: 'completed', conclusion: 'success' }, audit: '{"a":"```"}', toolVersion: '0.1.0' })).toBe(
      'Pull request #7 merged. `modelgate / approval` on the merged head `ccccccc` was `success`.\n\nThe decision record of that head:\n\n````json\n{"a":"```"}\n````',
    );
  });
});

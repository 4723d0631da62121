// The reply to a refused command is written by our App, so it must never carry a live
// checklist marker (it would look like our sticky comment), a mention, or Markdown a commenter
// typed; the gate's own wording keeps its code spans.
import { describe, expect, it } from 'vitest';
import type { ApprovalDecision, RefusedCommand } from '../../../src/core/approval/types.ts';
import { isOwnComment } from '../../../src/adapters/github/publish.ts';
import { auditFromComment, auditSummary } from '../../../src/adapters/probot/merge-audit.ts';
import { refusalReply } from '../../../src/adapters/probot/replies.ts';
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

describe('merge audit text', () => {
  it('finds the audit block of a checklist comment and fences it safely', () => {
    const body = 'report\n<details><summary>Audit record</summary>\n\n```json\n{"decision":"pass"}\n```\n</details>';
    expect(auditFromComment(body)).toBe('{"decision":"pass"}');
    expect(auditSummary(7, '{"a":"```"}', '0.1.0')).toBe('Pull request #7 merged with this decision in force:\n\n````json\n{"a":"```"}\n````');
    expect(auditSummary(7, undefined, '0.1.0')).toBe('Pull request #7 merged; modelgate found no checklist comment of its own (no model changes were reviewed). modelgate 0.1.0.');
  });
});

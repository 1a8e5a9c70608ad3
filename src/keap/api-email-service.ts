// APIEmailService (keap-xmlrpc.md §5): opt-in status, templates, sendEmail (both forms), attachEmail
// and the merge-field list. Thin: arguments are coerced here, the work is in src/keap/email/.
// The opt status is kept per address on every contact holding it (src/keap/email/opt-status.ts).
import type { MethodSpec } from '../xmlrpc/handler.js';
import { optional, toInt, toIntArray, toStr } from '../xmlrpc/coerce.js';
import { isStruct, struct } from '../xmlrpc/types.js';
import { toMethodSpecs, type KeapMethod } from './method-table.js';
import type { KeapDeps } from './deps.js';
import type { XmlRpcValue } from '../xmlrpc/types.js';
import { optKey, optStateOf, type OptState } from './email/opt-status.js';
import { TEMPLATE_MEMBERS, addTemplate, getTemplate, templateParts, updateTemplate } from './email/templates.js';
import { sendToContacts, type MailDraft } from './email/send.js';
import { attachEmail } from './email/attach.js';
import { availableMergeFields, mergeContextOf, type AccountCompany } from './email/merge.js';
import { contentTypeOf } from './email/limits.js';
import { DATA_FORM_FIELD_TABLE, FORM_IDS } from './tables/data-form-field.js';

/** getOptStatus answers: 0 non-marketable (never opted in, or opted out), 1 opted in. */
const OPT_STATUS: Record<OptState | 'none', number> = { none: 0, in: 1, out: 0 };

const NO_SELLER: AccountCompany = { name: '', address: [], email: '', phone: '', taxId: '' };

/** The 11 template strings, in the recorded order, after whatever comes first (the id on update). */
function partsFrom(a: XmlRpcValue[], at: number) {
  const raw = Object.fromEntries(TEMPLATE_MEMBERS.map((m, i) => [m, toStr(a[at + i], m)])) as Record<(typeof TEMPLATE_MEMBERS)[number], string>;
  return templateParts(raw);
}

/** A contact list as clients send it: an array of ids, or one id alone. */
function contactListOf(v: XmlRpcValue): number[] {
  const given = optional(v);
  return toIntArray(Array.isArray(given) || isStruct(given) ? given : [given ?? ''], 'contactList');
}

/** The 9-parameter form's parameters after the contact list. */
function rawDraft(a: XmlRpcValue[]): MailDraft {
  const [fromAddress, toAddress, ccAddress, bccAddress, contentType, subject, htmlBody, textBody] =
    ['fromAddress', 'toAddress', 'ccAddress', 'bccAddress', 'contentType', 'subject', 'htmlBody', 'textBody'].map((n, i) => toStr(a[1 + i], n));
  return { fromAddress, toAddress, ccAddress, bccAddress, contentType: contentTypeOf(contentType), subject, htmlBody, textBody };
}

export function apiEmailServiceMethods(deps: KeapDeps): MethodSpec[] {
  /**
   * Read and write in one transaction, so two concurrent optIn calls cannot both answer true.
   * `decide` returns the new state to store, or undefined to change nothing.
   */
  function change(email: string, reason: string, decide: (s: OptState | 'none') => OptState | undefined): Promise<boolean> {
    return deps.store.transact(async (tx) => {
      const { ids, state } = await optStateOf(tx, email);
      const next = ids.length ? decide(state) : undefined;
      if (!next) return false;
      for (const id of ids) {
        await deps.clients.update(tx, id, { extra: { [optKey(email)]: next, [`${optKey(email)}:reason`]: reason } });
      }
      return true;
    });
  }

  const reasonOf = (v: XmlRpcValue) => (v === undefined || v === null ? '' : toStr(v, 'reason'));

  const methods: Record<string, KeapMethod> = {
    optIn: {
      params: ['email', 'reason'], min: 1, returns: 'boolean',
      help: 'true only the first time the address opts in; false when unknown, already opted in, or opted out',
      run: async (_d, a) => change(toStr(a[0], 'email'), reasonOf(a[1]), (state) => (state === 'none' ? 'in' : undefined)),
    },
    optOut: {
      params: ['email', 'reason'], min: 1, returns: 'boolean',
      help: 'true when a contact holds the address (it is then non-marketable)',
      run: async (_d, a) => change(toStr(a[0], 'email'), reasonOf(a[1]), () => 'out'),
    },
    getOptStatus: {
      params: ['email'], returns: 'int', help: '0 non-marketable, 1 opted in',
      run: async (_d, a) => OPT_STATUS[(await optStateOf(deps.store, toStr(a[0], 'email'))).state],
    },
    addEmailTemplate: {
      params: ['pieceTitle', 'categories', 'fromAddress', 'toAddress', 'ccAddress', 'bccAddress', 'subject', 'textBody', 'htmlBody', 'contentType', 'mergeContext'],
      returns: 'int', help: 'the new template Id (Template table); contentType HTML|Text|Multipart, mergeContext Contact|Invoice',
      run: async (_d, a) => {
        const parts = partsFrom(a, 0);
        return deps.store.transact((tx) => addTemplate(tx, parts));
      },
    },
    getEmailTemplate: {
      params: ['templateId'], returns: 'struct',
      help: 'pieceTitle, categories, fromAddress, toAddress, ccAddress, bccAddress, subject, textBody, htmlBody, contentType, mergeContext (empty ones included); fault 5 if unknown',
      run: async (_d, a) => {
        const t = await getTemplate(deps.store, toInt(a[0], 'templateId'));
        return struct(TEMPLATE_MEMBERS.map((m): [string, string] => [m, t[m]]));
      },
    },
    updateEmailTemplate: {
      params: ['templateId', 'pieceTitle', 'categories', 'fromAddress', 'toAddress', 'ccAddress', 'bccAddress', 'subject', 'textBody', 'htmlBody', 'contentType', 'mergeContext'],
      returns: 'boolean', help: 'true; every part is replaced; fault 5 if unknown',
      run: async (_d, a) => {
        const id = toInt(a[0], 'templateId');
        const parts = partsFrom(a, 1);
        await deps.store.transact((tx) => updateTemplate(tx, id, parts));
        return true;
      },
    },
    sendEmail: {
      params: ['contactList', 'fromAddress', 'toAddress', 'ccAddress', 'bccAddress', 'contentType', 'subject', 'htmlBody', 'textBody'],
      min: 2, forms: [2, 9], returns: 'boolean',
      help: 'sendEmail(key, contactList, templateId) or sendEmail(key, contactList, fromAddress, toAddress, ccAddress, bccAddress, contentType, subject, htmlBody, textBody): one merged message per contact, queued for delivery; true when at least one was queued, false when every contact was opted out or had no address',
      run: async (_d, a, ctx) => {
        const contacts = contactListOf(a[0]);
        let draft: MailDraft;
        if (a.length === 2) {
          const templateId = toInt(a[1], 'templateId'); // Keap's clients send it as a <string>
          draft = { ...(await getTemplate(deps.store, templateId)), templateId };
        } else {
          draft = rawDraft(a);
        }
        const outcome = await sendToContacts(deps, contacts, draft, deps.config.seller ?? NO_SELLER, ctx.log);
        return outcome.queued.length > 0;
      },
    },
    attachEmail: {
      params: ['contactId', 'fromName', 'fromAddress', 'toAddress', 'ccAddresses', 'bccAddresses', 'contentType', 'subject', 'htmlBody', 'textBody', 'header', 'receivedDate', 'sentDate', 'emailSentType'],
      min: 13, returns: 'boolean',
      help: "true: the email is recorded on the contact's history (nothing is mailed); dates as strings with an offset or dateTime; fault 5 for an unknown contact",
      run: async (_d, a) => {
        const str = (i: number, n: string) => toStr(a[i], n);
        await attachEmail(deps, {
          contactId: toInt(a[0], 'contactId'), fromName: str(1, 'fromName'), fromAddress: str(2, 'fromAddress'),
          toAddress: str(3, 'toAddress'), ccAddresses: str(4, 'ccAddresses'), bccAddresses: str(5, 'bccAddresses'),
          contentType: str(6, 'contentType'), subject: str(7, 'subject'), htmlBody: str(8, 'htmlBody'), textBody: str(9, 'textBody'),
          header: str(10, 'header'), receivedDate: a[11], sentDate: a[12], emailSentType: optional(a[13]) === undefined ? 1 : toInt(a[13], 'emailSentType'),
        });
        return true;
      },
    },
    getAvailableMergeFields: {
      params: ['mergeContext'], returns: 'array',
      help: 'every ~Namespace.Field~ a template of the context (Contact or Invoice) can use, custom Contact fields included',
      run: async (_d, a) => {
        const context = mergeContextOf(toStr(a[0], 'mergeContext'));
        const defined = await deps.store.findBy<{ id: number; Name?: string }>(DATA_FORM_FIELD_TABLE.name, 'FormId', FORM_IDS.Contact);
        return availableMergeFields(context, defined.map((f) => `_${String(f.Name ?? '')}`));
      },
    },
  };
  return toMethodSpecs('APIEmailService', methods, deps);
}

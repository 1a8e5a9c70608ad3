// Keap's User table (read-only, as in Keap): the gateway's users, managed by `keap-gateway user …`
// (src/services/users.ts). The stored login and password hash are not fields, so never readable.
import { USER } from '../../services/users.js';
import { nativeSource } from './native.js';
import { defineTable } from './types.js';

const S = 'String';
export const USER_TABLE = defineTable(USER, 'R', {
  Id: 'Int', FirstName: S, MiddleName: S, LastName: S, Nickname: S, Title: S, Suffix: S, Email: S,
  EmailAddress2: S, EmailAddress3: S, Phone1: S, Phone1Ext: S, Phone1Type: S, Phone2: S, Phone2Ext: S,
  Phone2Type: S, StreetAddress1: S, StreetAddress2: S, City: S, State: S, PostalCode: S, ZipFour1: S,
  SpouseName: S, Signature: S, HTMLSignature: S, GlobalUserId: 'Int', Partner: 'Int',
}, nativeSource(USER));

// The UserLand validator1 suite (research §4.1) as MethodSpecs, for conformance tests and the bench.
import { Fault, XmlDouble, isStruct, struct, type XmlRpcStruct, type XmlRpcValue } from '../../src/xmlrpc/types.js';
import type { MethodSpec } from '../../src/xmlrpc/handler.js';

function structArg(v: XmlRpcValue, what: string): XmlRpcStruct {
  if (!isStruct(v) || Array.isArray(v)) throw new Fault(-32602, `${what} must be a struct`);
  return v;
}

function intMember(s: XmlRpcStruct, name: string): number {
  const v = s[name];
  if (typeof v !== 'number') throw new Fault(-32602, `member ${name} must be an int`);
  return v;
}

const stooges = (s: XmlRpcStruct) => intMember(s, 'moe') + intMember(s, 'larry') + intMember(s, 'curly');

function count(text: string, ch: string): number {
  let n = 0;
  for (const c of text) if (c === ch) n++;
  return n;
}

export function validator1Methods(): MethodSpec[] {
  return [
    {
      name: 'validator1.arrayOfStructsTest', signatures: [['int', 'array']],
      handler: ([arr]) => {
        if (!Array.isArray(arr)) throw new Fault(-32602, 'expected an array');
        return arr.reduce<number>((sum, s) => sum + intMember(structArg(s, 'entry'), 'curly'), 0);
      },
    },
    {
      name: 'validator1.countTheEntities', signatures: [['struct', 'string']],
      handler: ([s]) => {
        if (typeof s !== 'string') throw new Fault(-32602, 'expected a string');
        return struct({
          ctLeftAngleBrackets: count(s, '<'), ctRightAngleBrackets: count(s, '>'), ctAmpersands: count(s, '&'),
          ctApostrophes: count(s, "'"), ctQuotes: count(s, '"'),
        });
      },
    },
    { name: 'validator1.easyStructTest', signatures: [['int', 'struct']], handler: ([s]) => stooges(structArg(s, 'param')) },
    { name: 'validator1.echoStructTest', signatures: [['struct', 'struct']], handler: ([s]) => structArg(s, 'param') },
    {
      name: 'validator1.manyTypesTest', signatures: [['array', 'int', 'boolean', 'string', 'double', 'dateTime.iso8601', 'base64']],
      handler: (params) => {
        if (params.length !== 6 || !(params[3] instanceof XmlDouble)) throw new Fault(-32602, 'expected six params');
        return params;
      },
    },
    {
      name: 'validator1.moderateSizeArrayCheck', signatures: [['string', 'array']],
      handler: ([arr]) => {
        if (!Array.isArray(arr) || arr.length === 0 || typeof arr[0] !== 'string' || typeof arr[arr.length - 1] !== 'string') {
          throw new Fault(-32602, 'expected an array of strings');
        }
        return (arr[0] as string) + (arr[arr.length - 1] as string);
      },
    },
    {
      name: 'validator1.nestedStructTest', signatures: [['int', 'struct']],
      handler: ([cal]) => {
        const day = structArg(structArg(structArg(structArg(cal, 'calendar')['2000'], '2000')['04'], '04')['01'], '01');
        return stooges(day);
      },
    },
    {
      name: 'validator1.simpleStructReturnTest', signatures: [['struct', 'int']],
      handler: ([n]) => {
        if (typeof n !== 'number') throw new Fault(-32602, 'expected an int');
        return struct({ times10: n * 10, times100: n * 100, times1000: n * 1000 });
      },
    },
  ];
}

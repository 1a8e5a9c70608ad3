# Tag flow as a legacy Python integration does it: create a tag, find its id by name, tag a contact,
# read the assignment back. Prints the answers as JSON (test/keap/tags-wire.test.ts checks them).
import json, sys, xmlrpc.client

url, key = sys.argv[1], sys.argv[2]
api = xmlrpc.client.ServerProxy(url)
out = {}
cid = api.ContactService.addWithDupCheck(key, {'FirstName': 'Py', 'Email': 'py.tags@example.com'}, 'Email')
api.DataService.add(key, 'ContactGroup', {'GroupName': 'Members', 'GroupDescription': 'paid members'})
found = api.DataService.query(key, 'ContactGroup', 10, 0, {'GroupName': 'Members'}, ['Id', 'GroupName'])
tag = found[0]['Id']
out['added'] = api.ContactService.addToGroup(key, cid, tag)
out['groups'] = api.ContactService.load(key, cid, ['Groups'])['Groups']
rows = api.DataService.query(key, 'ContactGroupAssign', 10, 0, {'ContactId': cid}, ['GroupId', 'ContactGroup', 'ContactId', 'DateCreated'])
out['assign'] = [{'GroupId': r['GroupId'], 'ContactGroup': r['ContactGroup'], 'hasDate': isinstance(r['DateCreated'], xmlrpc.client.DateTime)} for r in rows]
out['tag'] = tag
try:
    api.ContactService.addToGroup(key, cid, tag + 1000)
    out['missingTag'] = 'no fault'
except xmlrpc.client.Fault as f:
    out['missingTag'] = f.faultCode
print(json.dumps(out))

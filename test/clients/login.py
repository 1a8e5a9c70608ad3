# Login as a legacy Python integration does it: the MD5 hex of the password, then getUserInfo.
# Prints the answers as JSON (test/keap/users-wire.test.ts checks them).
import hashlib, json, sys, xmlrpc.client

url, key, user, password = sys.argv[1:5]
api = xmlrpc.client.ServerProxy(url)
md5 = lambda s: hashlib.md5(s.encode('utf-8')).hexdigest()
out = {'id': api.DataService.authenticateUser(key, user, md5(password))}
for name, args in (('wrongPassword', (user, md5(password + 'x'))), ('unknownUser', ('nobody@example.com', md5(password)))):
    try:
        api.DataService.authenticateUser(key, *args)
        out[name] = 'no fault'
    except xmlrpc.client.Fault as f:
        out[name] = [f.faultCode, f.faultString]
out['info'] = api.DataService.getUserInfo(key)
print(json.dumps(out))

# A legacy Python checkout with an affiliate: the sale affiliate named in placeOrder's 9-parameter
# form, then the affiliate reports. Prints the answers as JSON (test/affiliates/clients.test.ts).
import json, sys, xmlrpc.client
from datetime import datetime

url, key, affiliate = sys.argv[1], sys.argv[2], int(sys.argv[3])
api = xmlrpc.client.ServerProxy(url)
start = xmlrpc.client.DateTime(datetime(2000, 1, 1))
end = xmlrpc.client.DateTime(datetime(2099, 12, 31, 23, 59, 59))

contact = api.ContactService.addWithDupCheck(key, {'FirstName': 'Ada', 'LastName': 'Py', 'Email': 'ada.aff@example.com'}, 'Email')
product = api.DataService.add(key, 'Product', {'ProductName': 'Membership', 'ProductPrice': 19.99})
card = api.DataService.add(key, 'CreditCard', {'ContactId': contact, 'CardNumber': '4111111111111111', 'ExpirationMonth': '12', 'ExpirationYear': '2030'})
order = api.OrderService.placeOrder(key, contact, card, 0, [product], [], False, [], 0, affiliate)
out = {'order': order}
out['commissions'] = [{k: c[k] for k in ('AffiliateId', 'AmtEarned', 'InvoiceId', 'ContactFirstName', 'SaleAffId')} | {'dated': isinstance(c['DateEarned'], xmlrpc.client.DateTime)}
                      for c in api.APIAffiliateService.affCommissions(key, affiliate, start, end)]
out['payouts'] = [{k: p[k] for k in ('AffiliateId', 'PayAmt', 'PayType', 'PayNote')} for p in api.APIAffiliateService.affPayouts(key, affiliate, start, end)]
out['running'] = api.APIAffiliateService.affRunningTotals(key, [affiliate])
out['summary'] = api.APIAffiliateService.affSummary(key, [affiliate], start, end)
out['links'] = [{k: l[k] for k in ('AffiliateId', 'Name', 'RedirectUrl')} for l in api.AffiliateService.getRedirectLinksForAffiliate(key, affiliate)]
try:
    api.APIAffiliateService.affCommissions(key, affiliate + 1000, start, end)
    out['unknown'] = 'no fault'
except xmlrpc.client.Fault as f:
    out['unknown'] = f.faultCode
print(json.dumps(out))

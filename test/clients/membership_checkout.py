# A membership-style checkout as a legacy Python integration runs it (issue 18 "Done when"):
# log in, add the contact, find the tag by name and apply it, read the shipping options, place
# the order with a sale affiliate, a card, a SHIPPING promo code and a taxed region, check the
# invoice to the cent against our own Decimal arithmetic, mail a template, read the commission.
# Prints the answers as JSON (test/keap/membership-checkout.test.ts checks them).
import hashlib, json, sys, xmlrpc.client
from datetime import datetime
from decimal import Decimal, ROUND_HALF_UP

url, key, user, password, affiliate, product = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]), int(sys.argv[6])
price, shipping, tax_rate, sale_percent = (Decimal(sys.argv[i]) for i in range(7, 11))
api = xmlrpc.client.ServerProxy(url)
cents = lambda d: d.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)
money = lambda v: cents(Decimal(str(v)))
out = {}

out['userId'] = api.DataService.authenticateUser(key, user, hashlib.md5(password.encode('utf-8')).hexdigest())
cid = api.ContactService.addWithDupCheck(key, {
    'FirstName': 'Mia', 'LastName': 'Member', 'Email': 'mia.member@example.com',
    'StreetAddress1': '1 Grand Ave', 'City': 'Los Angeles', 'State': 'CA', 'PostalCode': '90012', 'Country': 'United States'}, 'Email')
tags = api.DataService.query(key, 'ContactGroup', 10, 0, {'GroupName': 'Gold Members'}, ['Id', 'GroupName'])
out['addedToGroup'] = api.ContactService.addToGroup(key, cid, tags[0]['Id'])
out['groups'] = api.ContactService.load(key, cid, ['Groups'])['Groups']
out['shippingOptions'] = [[o['name'], o['type']] for o in api.ShippingService.getAllShippingOptions(key)]
card = api.DataService.add(key, 'CreditCard', {'ContactId': cid, 'CardNumber': '4111111111111111', 'ExpirationMonth': '12', 'ExpirationYear': '2035'})
# placeOrder(key, contactId, cardId, payPlanId, productIds, subscriptionPlanIds, processSpecials, promoCodes, leadAffiliateId, affiliateId)
order = api.OrderService.placeOrder(key, cid, card, 0, [product], [], True, ['FREESHIP'], 0, affiliate)
out['successful'] = order['Successful']
invoice = int(order['InvoiceId'])
rows = api.DataService.query(key, 'OrderItem', 100, 0, {'OrderId': int(order['OrderId'])}, ['ItemType', 'PPU', 'Qty'])
out['lines'] = sorted([[r['ItemType'], str(money(r['PPU'])), r['Qty']] for r in rows])
inv = api.DataService.load(key, 'Invoice', invoice, ['InvoiceTotal', 'TotalPaid', 'TotalDue', 'PayStatus'])
out['invoice'] = {k: (str(money(v)) if k != 'PayStatus' else v) for k, v in inv.items()}
out['owed'] = str(money(api.InvoiceService.calculateAmountOwed(key, invoice)))

# Independent arithmetic: shipping taken off by FREESHIP, tax on the discounted taxable amount (the product).
tax = cents(price * tax_rate / 100)
out['expected'] = {
    'lines': sorted([[4, str(cents(price)), 1], [1, str(cents(shipping)), 1], [14, str(-cents(shipping)), 1], [2, str(tax), 1]]),
    'total': str(cents(price) + tax),
    'commission': str(cents(price * sale_percent / 100)),
}

template = api.APIEmailService.addEmailTemplate(key, 'Welcome member', 'membership', 'Club <club@example.com>', '~Contact.Email~', '', '',
                                                'Welcome, ~Contact.FirstName~', 'Your membership is active, ~Contact.FirstName~.', '', 'Text', 'Contact')
out['mailed'] = api.APIEmailService.sendEmail(key, [cid], str(template))

start, end = xmlrpc.client.DateTime(datetime(2000, 1, 1)), xmlrpc.client.DateTime(datetime(2099, 12, 31, 23, 59, 59))
out['commissions'] = [[c['InvoiceId'], str(money(c['AmtEarned'])), c['SaleAffId']] for c in api.APIAffiliateService.affCommissions(key, affiliate, start, end)]
out['invoiceId'] = invoice
out['contactId'] = cid
print(json.dumps(out))

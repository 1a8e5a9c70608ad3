# Checkout with shipping, tax and a SHIPPING promo code as a legacy Python integration does it:
# the contact with a shipping address, the shipping options, placeOrder, the invoice's lines and
# totals. Prints the answers as JSON (test/keap/tax-wire.test.ts checks them).
import json, sys, xmlrpc.client

url, key, book, code = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
api = xmlrpc.client.ServerProxy(url)
out = {}
cid = api.ContactService.addWithDupCheck(key, {
    'FirstName': 'Py', 'Email': 'py.tax@example.com', 'Country': 'United States', 'State': 'NY', 'PostalCode': '10001',
    'Country2': 'USA', 'State2': 'CA', 'PostalCode2': '90012'}, 'Email')
out['options'] = [o['name'] for o in api.ShippingService.getAllShippingOptions(key)]
order = api.OrderService.placeOrder(key, cid, 0, 0, [book, book], [], True, [code], 0, 0)
inv = int(order['InvoiceId'])
items = api.DataService.query(key, 'OrderItem', 100, 0, {'OrderId': int(order['OrderId'])}, ['ItemType', 'PPU', 'Qty'])
out['lines'] = [[i['ItemType'], '%.2f' % i['PPU'], i['Qty']] for i in items]
out['owed'] = '%.2f' % api.InvoiceService.calculateAmountOwed(key, inv)
out['total'] = '%.2f' % api.DataService.load(key, 'Invoice', inv, ['InvoiceTotal'])['InvoiceTotal']
out['recalculated'] = api.InvoiceService.recalculateTax(key, inv)
out['owedAfter'] = '%.2f' % api.InvoiceService.calculateAmountOwed(key, inv)
out['invoiceId'] = inv
print(json.dumps(out))

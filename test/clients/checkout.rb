#!/usr/bin/env ruby
# Keap checkout through the gateway with Ruby's xmlrpc client (the transport the infusionsoft gem
# uses), unchanged legacy style.
#
# usage: checkout.rb URL API_KEY APPROVE_CARD DECLINE_CARD
# Prints one JSON object with every answer; test/keap/checkout-clients.test.ts compares it with the
# npm and Python clients' answers.
require 'xmlrpc/client'
require 'json'

url, key, approve_card, decline_card = ARGV
server = XMLRPC::Client.new2(url)
out = { 'client' => 'ruby' }

contact_id = server.call('ContactService.add', key, { 'FirstName' => 'Grace', 'LastName' => 'Hopper', 'Email' => 'grace.rb@example.com' })
widget = server.call('DataService.add', key, 'Product', { 'ProductName' => 'Widget', 'ProductPrice' => 19.99, 'Sku' => 'W-RB', 'Shippable' => 1 })
gadget = server.call('DataService.add', key, 'Product', { 'ProductName' => 'Gadget', 'ProductPrice' => 5.01, 'Sku' => 'G-RB' })
card = { 'ContactId' => contact_id, 'NameOnCard' => 'Grace Hopper', 'ExpirationMonth' => '12', 'ExpirationYear' => '2030', 'CVV2' => '123', 'CardType' => 'Visa' }
approve_id = server.call('DataService.add', key, 'CreditCard', card.merge('CardNumber' => approve_card))
decline_id = server.call('DataService.add', key, 'CreditCard', card.merge('CardNumber' => decline_card))
out['cardLoad'] = server.call('DataService.load', key, 'CreditCard', approve_id, %w[Id Last4 CardType ContactId])
out['locatedCard'] = server.call('InvoiceService.locateExistingCard', key, contact_id, approve_card[-4..]) == approve_id

INVOICE_FIELDS = %w[Id JobId InvoiceTotal TotalDue PayStatus PromoCode].freeze

invoice_of = lambda do |order_id|
  rows = server.call('DataService.query', key, 'Invoice', 10, 0, { 'JobId' => order_id.to_i }, INVOICE_FIELDS)
  raise "expected one invoice for order #{order_id}, got #{rows.inspect}" unless rows.length == 1
  rows[0]
end

# placeOrder, 7 params after the key: no card, then a manual payment.
seven = server.call('OrderService.placeOrder', key, contact_id, 0, 0, [widget, gadget], [], false, [])
inv = invoice_of.call(seven['OrderId'])
owed = server.call('InvoiceService.calculateAmountOwed', key, inv['Id'])
paid = server.call('InvoiceService.addManualPayment', key, inv['Id'], owed, XMLRPC::DateTime.new(2026, 11, 23, 10, 0, 0), 'Cash', 'paid at the till', false)
out['seven'] = { 'order' => seven, 'before' => inv, 'owed' => owed, 'paid' => paid, 'after' => invoice_of.call(seven['OrderId']) }

# placeOrder, 9 params: no card, then chargeInvoice with the approving card.
nine = server.call('OrderService.placeOrder', key, contact_id, 0, 0, [widget], [], true, ['NOSUCHCODE'], 0, 0)
inv = invoice_of.call(nine['OrderId'])
owed = server.call('InvoiceService.calculateAmountOwed', key, inv['Id'])
charge = server.call('InvoiceService.chargeInvoice', key, inv['Id'], 'checkout', approve_id, 0, false)
out['nine'] = { 'order' => nine, 'before' => inv, 'owed' => owed, 'charge' => charge, 'after' => invoice_of.call(nine['OrderId']) }

# placeOrder with a promo code (the supported way to get a code onto an invoice).
promo = server.call('OrderService.placeOrder', key, contact_id, 0, 0, [widget], [], true, %w[WELCOME10 NOSUCHCODE], 0, 0)
out['promo'] = { 'order' => promo, 'invoice' => invoice_of.call(promo['OrderId']) }

# placeOrder charging the card directly.
out['charged'] = server.call('OrderService.placeOrder', key, contact_id, approve_id, 0, [gadget], [], false, [], 0, 0)
out['chargedInvoice'] = invoice_of.call(out['charged']['OrderId'])
out['declined'] = server.call('OrderService.placeOrder', key, contact_id, decline_id, 0, [gadget], [], false, [], 0, 0)
out['declinedInvoice'] = invoice_of.call(out['declined']['OrderId'])

# createBlankOrder → addOrderItem → chargeInvoice (declined, then approved).
blank = server.call('InvoiceService.createBlankOrder', key, contact_id, 'Blank order', XMLRPC::DateTime.new(2026, 11, 23, 9, 0, 0), 0, 0)
added = server.call('InvoiceService.addOrderItem', key, blank, widget, 4, 19.99, 2, 'Two widgets', 'by phone')
declined = server.call('InvoiceService.chargeInvoice', key, blank, 'first try', decline_id, 0, false)
approved = server.call('InvoiceService.chargeInvoice', key, blank, 'second try', approve_id, 0, false)
order_id = server.call('InvoiceService.getOrderId', key, blank)
out['blank'] = {
  'invoiceId' => blank, 'added' => added, 'declined' => declined, 'approved' => approved,
  'orderIdMatches' => server.call('InvoiceService.getInvoiceId', key, order_id) == blank,
  'after' => invoice_of.call(order_id),
  'payments' => server.call('InvoiceService.getPayments', key, blank).length,
}

puts JSON.generate(out)

#!/usr/bin/env python3
"""Keap checkout through the gateway with Python's stdlib xmlrpc.client, unchanged legacy style.

usage: checkout.py URL API_KEY APPROVE_CARD DECLINE_CARD
Prints one JSON object with every answer; the vitest suite (test/keap/checkout-clients.test.ts)
compares it with the npm and Ruby clients' answers.
"""
import datetime
import json
import sys
import xmlrpc.client

url, key, approve_card, decline_card = sys.argv[1:5]
server = xmlrpc.client.ServerProxy(url)
out = {"client": "python"}

contact_id = server.ContactService.add(key, {"FirstName": "Grace", "LastName": "Hopper", "Email": "grace.py@example.com"})
widget = server.DataService.add(key, "Product", {"ProductName": "Widget", "ProductPrice": 19.99, "Sku": "W-PY", "Shippable": 1})
gadget = server.DataService.add(key, "Product", {"ProductName": "Gadget", "ProductPrice": 5.01, "Sku": "G-PY"})
card = {"ContactId": contact_id, "NameOnCard": "Grace Hopper", "ExpirationMonth": "12", "ExpirationYear": "2030", "CVV2": "123"}
approve_id = server.DataService.add(key, "CreditCard", dict(card, CardNumber=approve_card, CardType="Visa"))
decline_id = server.DataService.add(key, "CreditCard", dict(card, CardNumber=decline_card, CardType="Visa"))
out["cardLoad"] = server.DataService.load(key, "CreditCard", approve_id, ["Id", "Last4", "CardType", "ContactId"])
out["locatedCard"] = server.InvoiceService.locateExistingCard(key, contact_id, approve_card[-4:]) == approve_id

INVOICE_FIELDS = ["Id", "JobId", "InvoiceTotal", "TotalDue", "PayStatus", "PromoCode"]


def invoice_of(order_id):
    rows = server.DataService.query(key, "Invoice", 10, 0, {"JobId": int(order_id)}, INVOICE_FIELDS)
    assert len(rows) == 1, rows
    return rows[0]


def pay_manually(order):
    inv = invoice_of(order["OrderId"])
    owed = server.InvoiceService.calculateAmountOwed(key, inv["Id"])
    paid = server.InvoiceService.addManualPayment(key, inv["Id"], owed, xmlrpc.client.DateTime(datetime.datetime(2026, 11, 23, 10, 0, 0)), "Cash", "paid at the till", False)
    return {"order": order, "before": inv, "owed": owed, "paid": paid, "after": invoice_of(order["OrderId"])}


# placeOrder, 7 params after the key (old docs, .NET): no card, then a manual payment.
seven = server.OrderService.placeOrder(key, contact_id, 0, 0, [widget, gadget], [], False, [])
out["seven"] = pay_manually(seven)

# placeOrder, 9 params: no card, then chargeInvoice with the approving card.
nine = server.OrderService.placeOrder(key, contact_id, 0, 0, [widget], [], True, ["NOSUCHCODE"], 0, 0)
inv = invoice_of(nine["OrderId"])
owed = server.InvoiceService.calculateAmountOwed(key, inv["Id"])
charge = server.InvoiceService.chargeInvoice(key, inv["Id"], "checkout", approve_id, 0, False)
out["nine"] = {"order": nine, "before": inv, "owed": owed, "charge": charge, "after": invoice_of(nine["OrderId"])}

# placeOrder with a promo code (the supported way to get a code onto an invoice).
promo = server.OrderService.placeOrder(key, contact_id, 0, 0, [widget], [], True, ["WELCOME10", "NOSUCHCODE"], 0, 0)
out["promo"] = {"order": promo, "invoice": invoice_of(promo["OrderId"])}

# placeOrder charging the card directly.
out["charged"] = server.OrderService.placeOrder(key, contact_id, approve_id, 0, [gadget], [], False, [], 0, 0)
out["chargedInvoice"] = invoice_of(out["charged"]["OrderId"])
out["declined"] = server.OrderService.placeOrder(key, contact_id, decline_id, 0, [gadget], [], False, [], 0, 0)
out["declinedInvoice"] = invoice_of(out["declined"]["OrderId"])

# createBlankOrder → addOrderItem → chargeInvoice (declined, then approved).
blank = server.InvoiceService.createBlankOrder(key, contact_id, "Blank order", xmlrpc.client.DateTime(datetime.datetime(2026, 11, 23, 9, 0, 0)), 0, 0)
added = server.InvoiceService.addOrderItem(key, blank, widget, 4, 19.99, 2, "Two widgets", "by phone")
declined = server.InvoiceService.chargeInvoice(key, blank, "first try", decline_id, 0, False)
approved = server.InvoiceService.chargeInvoice(key, blank, "second try", approve_id, 0, False)
order_id = server.InvoiceService.getOrderId(key, blank)
out["blank"] = {
    "invoiceId": blank, "added": added, "declined": declined, "approved": approved,
    "orderIdMatches": server.InvoiceService.getInvoiceId(key, order_id) == blank,
    "after": invoice_of(order_id),
    "payments": len(server.InvoiceService.getPayments(key, blank)),
}

print(json.dumps(out, default=str))

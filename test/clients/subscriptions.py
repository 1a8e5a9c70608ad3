#!/usr/bin/env python3
"""A subscription's life through the gateway with Python's stdlib xmlrpc.client, billed by the
real CLI (`keap-gateway billing run --as-of`) on the same store. Every amount is checked to the
cent against an independent Decimal computation here; every date against datetime arithmetic.

usage: subscriptions.py URL API_KEY APPROVE_CARD DECLINE_CARD NODE BIN STORE_URL
Prints one JSON object of what it saw; exits non-zero (AssertionError) on the first mismatch.
"""
import calendar
import datetime
import json
import os
import subprocess
import sys
import xmlrpc.client
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

url, key, approve_card, decline_card, node, bin_path, store_url = sys.argv[1:8]
server = xmlrpc.client.ServerProxy(url)
CENT = Decimal("0.01")
out = {"client": "python"}


def money(v):
    return Decimal(str(v)).quantize(CENT)


def day_of(dt):
    return datetime.date(int(dt.value[0:4]), int(dt.value[4:6]), int(dt.value[6:8]))


def add_months(d, n, anchor):
    index = d.year * 12 + d.month - 1 + n
    y, m = divmod(index, 12)
    return datetime.date(y, m + 1, min(anchor, calendar.monthrange(y, m + 1)[1]))


def billing_run(day):
    env = dict(os.environ, GATEWAY_STORE=store_url, LOG_LEVEL="silent")
    r = subprocess.run([node, bin_path, "billing", "run", "--as-of", day.isoformat(), "--json"], env=env, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def one(table, where, fields):
    rows = server.DataService.query(key, table, 10, 0, where, fields)
    assert len(rows) == 1, (table, where, rows)
    return rows[0]


today = datetime.datetime.now(ZoneInfo("America/New_York")).date()
contact = server.ContactService.add(key, {"FirstName": "Ada", "LastName": "Lovelace", "Email": "ada.subs@example.com"})
product = server.DataService.add(key, "Product", {"ProductName": "Pro plan", "ProductPrice": 0})
plan = server.DataService.add(key, "SubscriptionPlan", {"ProductId": product, "PlanPrice": 19.99, "Cycle": "2", "Frequency": 1, "Active": True})
card = {"ContactId": contact, "NameOnCard": "Ada Lovelace", "ExpirationMonth": "12", "ExpirationYear": "2035", "CVV2": "123", "CardType": "Visa"}
approve = server.DataService.add(key, "CreditCard", dict(card, CardNumber=approve_card))
decline = server.DataService.add(key, "CreditCard", dict(card, CardNumber=decline_card))
price = Decimal("19.99")

# 1. placeOrder with the plan, a 10% promo code and the card: the first period, discounted, charged now.
order = server.OrderService.placeOrder(key, contact, approve, 0, [], [plan], True, ["WELCOME10"])
assert order["Successful"] == "true", order
first = one("Invoice", {"JobId": int(order["OrderId"])}, ["Id", "InvoiceTotal", "TotalDue", "PromoCode"])
first_total = price - (price * Decimal("0.10")).quantize(CENT, ROUND_HALF_UP)
assert money(first["InvoiceTotal"]) == first_total, (first, first_total)
assert money(first["TotalDue"]) == 0 and first["PromoCode"] == "WELCOME10", first
ro = one("RecurringOrder", {"ContactId": contact}, ["Id", "OriginatingOrderId", "PromoCode", "NextBillDate", "BillingAmt", "Status", "CC1"])
next_bill = add_months(today, 1, today.day)
assert ro["OriginatingOrderId"] == int(order["OrderId"]) and ro["PromoCode"] == "WELCOME10" and ro["Status"] == "Active", ro
assert day_of(ro["NextBillDate"]) == next_bill and money(ro["BillingAmt"]) == price and ro["CC1"] == approve, ro
out["first"] = {"total": str(first_total), "nextBill": next_bill.isoformat()}

# 2. billing run: nothing the day before, the second period on its day (full price: the promo was the first invoice's).
assert billing_run(next_bill - datetime.timedelta(days=1))["periods"]["paid"] == 0
run = billing_run(next_bill)
assert run["periods"]["paid"] == 1, run
inst = one("JobRecurringInstance", {"RecurringId": ro["Id"]}, ["Id", "InvoiceItemId", "Status", "StartDate", "EndDate"])
assert day_of(inst["StartDate"]) == next_bill and inst["Status"] == 1, inst
assert day_of(inst["EndDate"]) == add_months(today, 2, today.day) - datetime.timedelta(days=1), inst
item = one("InvoiceItem", {"Id": inst["InvoiceItemId"]}, ["InvoiceId", "InvoiceAmt"])
second = one("Invoice", {"Id": item["InvoiceId"]}, ["Id", "JobId", "InvoiceTotal", "TotalPaid", "TotalDue", "PayStatus"])
assert money(second["InvoiceTotal"]) == price and money(second["TotalPaid"]) == price and money(second["TotalDue"]) == 0, second
payments = server.InvoiceService.getPayments(key, second["Id"])
assert len(payments) == 1 and money(payments[0]["PayAmt"]) == price and payments[0]["PayType"] == "Credit Card", payments
ro2 = one("RecurringOrder", {"Id": ro["Id"]}, ["NextBillDate", "LastBillDate", "PaidThruDate"])
assert day_of(ro2["NextBillDate"]) == add_months(today, 2, today.day) and day_of(ro2["LastBillDate"]) == next_bill, ro2
assert billing_run(next_bill)["periods"]["paid"] == 0
out["second"] = {"invoiceId": second["Id"], "jobId": second["JobId"], "total": str(price)}

# 3. A declining card: retried NumDaysBetweenRetry days later, MaxRetry times, then stopped; one invoice for the period.
amount = Decimal("9.95")
declining = server.InvoiceService.addRecurringOrder(key, contact, True, plan, 3, float(amount), False, 0, decline, 0, 0)
assert server.DataService.update(key, "RecurringOrder", declining, {"NumDaysBetweenRetry": 2, "MaxRetry": 2}) == declining
outcomes = [billing_run(today + datetime.timedelta(days=d))["periods"] for d in (0, 1, 2, 4)]
assert [o["declined"] for o in outcomes] == [1, 0, 1, 0] and outcomes[3]["stopped"] == 1, outcomes
stopped = one("RecurringOrder", {"Id": declining}, ["Status", "ReasonStopped", "NextBillDate"])
assert stopped["Status"] == "Inactive" and stopped["ReasonStopped"].startswith("Payment failed 3 times"), stopped
assert day_of(stopped["NextBillDate"]) == today, stopped
unpaid_inst = one("JobRecurringInstance", {"RecurringId": declining}, ["InvoiceItemId", "Status"])
unpaid_item = one("InvoiceItem", {"Id": unpaid_inst["InvoiceItemId"]}, ["InvoiceId"])
unpaid = one("Invoice", {"Id": unpaid_item["InvoiceId"]}, ["Id", "InvoiceTotal", "TotalDue"])
assert money(unpaid["InvoiceTotal"]) == amount * 3 and money(unpaid["TotalDue"]) == amount * 3 and unpaid_inst["Status"] == 2, unpaid

# 4. deleteSubscription: the subscription and its unpaid invoice go; the paid ones of the other stay.
assert server.InvoiceService.deleteSubscription(key, str(declining)) is True
assert server.DataService.query(key, "RecurringOrder", 10, 0, {"Id": declining}, ["Id"]) == []
assert server.DataService.query(key, "Invoice", 10, 0, {"Id": unpaid["Id"]}, ["Id"]) == []
one("Invoice", {"Id": second["Id"]}, ["Id"])

# 5. A payment plan of 3 installments, 30 days apart, billed over 3 runs.
course = server.DataService.add(key, "Product", {"ProductName": "Course", "ProductPrice": 100.00})
course_order = server.OrderService.placeOrder(key, contact, 0, 0, [course], [], False, [])
invoice_id = int(course_order["InvoiceId"])
start = xmlrpc.client.DateTime(datetime.datetime(today.year, today.month, today.day, 0, 0, 0))
assert server.InvoiceService.addPaymentPlan(key, invoice_id, True, approve, 0, 1, 1, 0.0, start, start, 3, 30) is True
total = Decimal("100.00")
base = (total / 3).quantize(CENT, rounding="ROUND_DOWN")
shares = [base + CENT * (1 if i < int((total - base * 3) / CENT) else 0) for i in range(3)]
assert sum(shares) == total
pay_plan = one("PayPlan", {"InvoiceId": invoice_id}, ["Id", "AmtDue"])
items = server.DataService.query(key, "PayPlanItem", 10, 0, {"PayPlanId": pay_plan["Id"]}, ["Id", "DateDue", "AmtDue", "Status"])
assert [money(i["AmtDue"]) for i in items] == shares and money(pay_plan["AmtDue"]) == total, items
assert [day_of(i["DateDue"]) for i in items] == [today + datetime.timedelta(days=30 * k) for k in range(3)], items
owed = total
for k in range(3):
    assert billing_run(today + datetime.timedelta(days=30 * k))["installments"]["paid"] == 1
    owed -= shares[k]
    assert money(server.InvoiceService.calculateAmountOwed(key, invoice_id)) == owed, (k, owed)
assert owed == 0
assert [i["Status"] for i in server.DataService.query(key, "PayPlanItem", 10, 0, {"PayPlanId": pay_plan["Id"]}, ["Status"])] == [2, 2, 2]
out["payPlan"] = [str(s) for s in shares]
out["ok"] = True
print(json.dumps(out))

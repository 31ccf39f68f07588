import Testing
@testable import TrackerCore

@Suite("BudgetPeriod and BudgetScope parsing")
struct PeriodParsingTests {
    @Test("accepts years, quarters and months", arguments: [
        ("2027", BudgetPeriod.year(2027)),
        ("1900", .year(1900)),
        ("9999", .year(9999)),
        ("2027-Q1", .quarter(2027, 1)),
        ("2027-q4", .quarter(2027, 4)),
        ("2027-01", .month(2027, 1)),
        ("2027-12", .month(2027, 12)),
        ("  2027-03\n", .month(2027, 3)),
    ])
    func accepts(text: String, period: BudgetPeriod) {
        #expect(BudgetPeriod.parse(text) == period)
    }

    @Test("refuses anything else", arguments: [
        "", " ", "27", "202", "20270", "1899", "0000", "10000", "2027-", "2027-Q0", "2027-Q5", "2027-Q", "2027-Q12",
        "2027-00", "2027-13", "2027-1", "2027-001", "2027-3-", "2027-03-01", "2027/03", "2027Q1", "2027-H1",
        "+2027", "-2027", "２０２７", "2027 -03", "2027-W01", "Q1-2027", "2027-x1",
    ])
    func refuses(text: String) {
        #expect(BudgetPeriod.parse(text) == nil)
    }

    @Test("parse and description round-trip")
    func roundTrip() {
        for text in ["2027", "2027-Q2", "2027-09", "1900-01"] {
            #expect(BudgetPeriod.parse(text)?.description == text)
        }
        #expect(BudgetPeriod.formsHint == "a year (2027), a quarter (2027-Q1) or a month (2027-03)")
    }

    @Test("the period of a kind that contains a day")
    func containing() {
        let d = day("2027-08-15")
        #expect(BudgetPeriod.containing(d, like: .year(1999)) == .year(2027))
        #expect(BudgetPeriod.containing(d, like: .quarter(1999, 1)) == .quarter(2027, 3))
        #expect(BudgetPeriod.containing(d, like: .month(1999, 1)) == .month(2027, 8))
        #expect(BudgetPeriod.containing(day("2027-03-31"), like: .quarter(2027, 4)) == .quarter(2027, 1))
        #expect(BudgetPeriod.containing(day("2027-04-01"), like: .quarter(2027, 4)) == .quarter(2027, 2))
        #expect(BudgetPeriod.containing(day("2027-12-31"), like: .quarter(2027, 1)) == .quarter(2027, 4))
        #expect(BudgetPeriod.containing(day("2028-02-29"), like: .month(2027, 1)) == .month(2028, 2))
        for text in ["2027-01-01", "2027-06-30", "2027-07-01", "2027-12-31", "2024-02-29"] {
            for like in [BudgetPeriod.year(2000), .quarter(2000, 2), .month(2000, 5)] {
                #expect(BudgetPeriod.containing(day(text), like: like).contains(day(text)))
            }
        }
    }

    @Test("the next period of the same kind")
    func next() {
        #expect(BudgetPeriod.year(2027).next() == .year(2028))
        #expect(BudgetPeriod.quarter(2027, 1).next() == .quarter(2027, 2))
        #expect(BudgetPeriod.quarter(2027, 4).next() == .quarter(2028, 1))
        #expect(BudgetPeriod.month(2027, 1).next() == .month(2027, 2))
        #expect(BudgetPeriod.month(2027, 12).next() == .month(2028, 1))
        #expect(BudgetPeriod.month(9999, 12).next() == .month(9999, 12))
        #expect(BudgetPeriod.quarter(9999, 4).next() == .quarter(9999, 4))
        #expect(BudgetPeriod.year(9999).next() == .year(9999))
        for p in [BudgetPeriod.year(2027), .quarter(2027, 4), .month(2028, 2)] {
            #expect(p.next().start == p.end.adding(days: 1))
        }
    }

    @Test("accepts all, owner:NAME and task:NAME", arguments: [
        ("all", BudgetScope.all),
        ("ALL", .all),
        (" all ", .all),
        ("owner:alice", .owner("alice")),
        ("Owner:Alice", .owner("Alice")),
        ("OWNER: alice ", .owner("alice")),
        ("task:support-bot", .task("support-bot")),
        ("Task:a:b", .task("a:b")),
    ])
    func scopes(text: String, scope: BudgetScope) throws {
        #expect(try BudgetScope.parse(text).get() == scope)
    }

    @Test("refuses other scopes", arguments: [
        "", "everything", "owner", "owner:", "owner:   ", "task:", "team:x", ":alice", "alice", "all:x",
        "owner:\u{200B}", "task:a\u{7}b",
    ])
    func refusesScopes(text: String) {
        #expect(throws: FieldError.self) { try BudgetScope.parse(text).get() }
    }

    @Test("scope messages name the accepted forms")
    func scopeMessages() {
        #expect(BudgetScope.parse("team:x") == .failure(FieldError(field: "scope",
            message: "scope 'team:x' is not a budget scope; use all, owner:NAME or task:NAME")))
        #expect(BudgetScope.parse("owner:") == .failure(FieldError(field: "scope",
            message: "scope 'owner:' has no owner name; use all, owner:NAME or task:NAME")))
        #expect(BudgetScope.parse("Task: ") == .failure(FieldError(field: "scope",
            message: "scope 'Task: ' has no task name; use all, owner:NAME or task:NAME")))
        #expect(BudgetScope.parse("owner:\u{200B}") == .failure(FieldError(field: "scope",
            message: "scope: owner contains an invisible or text-direction character (U+200B); type the owner without it")))
    }
}

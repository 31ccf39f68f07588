import Testing
@testable import TrackerCore

/// The refs of `bases` in `sortedForListing` order.
private func listed(_ bases: [BaseVersion]) -> [String] {
    bases.sortedForListing().map(\.ref.version)
}

@Suite("VersionOrder: the day and number in a snapshot id")
struct VersionOrderIDTests {
    @Test("whole days in the id need no reference")
    func fullDays() {
        #expect(VersionOrder.idDay(provider: "openai", version: "2024-08-06", reference: nil) == day("2024-08-06"))
        #expect(VersionOrder.idDay(provider: "anthropic", version: "20241022", reference: nil) == day("2024-10-22"))
        #expect(VersionOrder.idDay(provider: "google", version: "09-2025", reference: nil) == day("2025-09-01"))
        #expect(VersionOrder.idDay(provider: "mistral", version: "2407", reference: nil) == day("2024-07-01"))
        #expect(VersionOrder.idDay(provider: "mistral", version: "2501", reference: nil) == day("2025-01-01"))
    }

    @Test("OpenAI MMDD takes its year from the release day, up to 31 days early")
    func monthDay() {
        // Real `created` days from OpenAI's list.
        #expect(VersionOrder.idDay(provider: "openai", version: "0314", reference: day("2023-06-27")) == day("2023-03-14"))
        #expect(VersionOrder.idDay(provider: "openai", version: "0613", reference: day("2023-06-12")) == day("2023-06-13"))
        #expect(VersionOrder.idDay(provider: "openai", version: "1106", reference: day("2023-11-02")) == day("2023-11-06"))
        #expect(VersionOrder.idDay(provider: "openai", version: "0125", reference: day("2024-01-23")) == day("2024-01-25"))
        #expect(VersionOrder.idDay(provider: "openai", version: "0613", reference: nil) == nil)
        // Feb 29 only in a leap year.
        #expect(VersionOrder.idDay(provider: "openai", version: "0229", reference: day("2025-03-01")) == day("2024-02-29"))
    }

    @Test("Gemini MM-DD and preview-MM-DD")
    func geminiMonthDay() {
        #expect(VersionOrder.idDay(provider: "google", version: "04-17", reference: day("2025-05-01")) == day("2025-04-17"))
        #expect(VersionOrder.idDay(provider: "google", version: "preview-04-17", reference: day("2025-05-01")) == day("2025-04-17"))
        #expect(VersionOrder.idDay(provider: "google", version: "1206", reference: day("2024-12-10")) == day("2024-12-06"))
    }

    @Test("numbers are not dates; Mistral YYMM is not MMDD")
    func numbers() {
        #expect(VersionOrder.number(provider: "google", version: "001") == 1)
        #expect(VersionOrder.number(provider: "google", version: "002") == 2)
        #expect(VersionOrder.number(provider: "openai", version: "0613") == nil)
        #expect(VersionOrder.number(provider: "mistral", version: "2407") == nil)
        #expect(VersionOrder.idDay(provider: "openai", version: "2407", reference: day("2024-08-01")) == nil)
        #expect(VersionOrder.number(provider: "openai", version: "2407") == 2407)
        #expect(VersionOrder.number(provider: "ollama", version: "46e0c10c039e") == nil)
        #expect(VersionOrder.idDay(provider: "ollama", version: "46e0c10c039e", reference: day("2024-08-01")) == nil)
    }

    @Test("release day: the id's day wins over created, MMDD completed from created")
    func releaseDay() {
        #expect(VersionOrder.releaseDay(provider: "openai", version: "2024-08-06", listed: day("2024-08-04")) == day("2024-08-06"))
        #expect(VersionOrder.releaseDay(provider: "openai", version: "0314", listed: day("2023-06-27")) == day("2023-03-14"))
        #expect(VersionOrder.releaseDay(provider: "anthropic", version: "20241022", listed: day("2024-10-21")) == day("2024-10-22"))
        #expect(VersionOrder.releaseDay(provider: "openai", version: "", listed: day("2024-05-13")) == day("2024-05-13"))
        #expect(VersionOrder.releaseDay(provider: "google", version: "09-2025", listed: nil) == nil)
        #expect(VersionOrder.releaseDay(provider: "google", version: "04-17", listed: nil) == nil)
    }
}

@Suite("VersionOrder: a family's versions, oldest first")
struct VersionOrderFamilyTests {
    @Test("gpt-4: 0314 before 0613 although OpenAI created 0314 later")
    func gpt4() {
        let bases = [base(1, "openai/gpt-4@0613", released: "2023-06-12"),
                     base(2, "openai/gpt-4@0314", released: "2023-06-27")]
        #expect(listed(bases) == ["0314", "0613"])
        let s = DueRules.standings(of: bases, now: day("2026-11-29"))
        #expect(s[2]?.supersededBy == 1)
        #expect(s[1]?.supersededBy == nil)
    }

    @Test("MMDD across a new year: 0314 < 0613 < 1106 < 0125")
    func acrossYears() {
        let bases = [base(1, "openai/gpt-3.5-turbo@0125", released: "2024-01-23"),
                     base(2, "openai/gpt-3.5-turbo@1106", released: "2023-11-02"),
                     base(3, "openai/gpt-3.5-turbo@0613", released: "2023-06-12"),
                     base(4, "openai/gpt-3.5-turbo@0314", released: "2023-06-27")]
        #expect(listed(bases) == ["0314", "0613", "1106", "0125"])
        let s = DueRules.standings(of: bases, now: day("2026-11-29"))
        #expect(s[4]?.supersededBy == 1 && s[3]?.supersededBy == 1 && s[2]?.supersededBy == 1)
        #expect(s[1]?.supersededBy == nil)
    }

    @Test("a yearless id without a release day takes its family's")
    func familyContext() {
        let bases = [base(1, "openai/gpt-4-preview@1106", released: "2023-11-02"),
                     base(2, "openai/gpt-4-preview@0125", released: nil)]
        #expect(listed(bases) == ["1106", "0125"])
        // Ordered after 1106, but without a release day it is not out yet.
        #expect(DueRules.standings(of: bases, now: day("2026-11-29"))[1]?.supersededBy == nil)
        let released = [bases[0], base(2, "openai/gpt-4-preview@0125", released: "2024-01-23")]
        #expect(DueRules.standings(of: released, now: day("2026-11-29"))[1]?.supersededBy == 2)
    }

    @Test("Gemini 001 -> 002 seen the same day is superseded")
    func geminiNumbers() {
        let bases = [base(1, "google/gemini-1.5-flash@002", released: "2026-11-29"),
                     base(2, "google/gemini-1.5-flash@001", released: "2026-11-29"),
                     base(3, "google/gemini-1.5-flash@current", released: "2026-11-29")]
        #expect(listed(bases) == ["001", "002", "current"])
        let s = DueRules.standings(of: bases, now: day("2026-11-29"))
        #expect(s[2]?.supersededBy == 1)
        #expect(s[1]?.supersededBy == nil)
        #expect(s[3]?.supersededBy == nil)
    }

    @Test("Gemini previews: 04-17 < 05-20, all first seen one day")
    func geminiPreviews() {
        let bases = [base(1, "google/gemini-2.5-flash-preview@05-20", released: "2025-06-01"),
                     base(2, "google/gemini-2.5-flash-preview@04-17", released: "2025-06-01")]
        #expect(listed(bases) == ["04-17", "05-20"])
        #expect(DueRules.standings(of: bases, now: day("2025-06-01"))[2]?.supersededBy == 1)
    }

    @Test("Gemini previews first seen long after release: yearless ids take their year from the family's dated ids")
    func geminiPreviewsBesideAnExplicitYear() {
        // All three first seen on 2026-11-29 (Gemini lists carry no dates).
        let bases = [base(1, "google/gemini-2.5-flash-preview@04-17", released: "2026-11-29"),
                     base(2, "google/gemini-2.5-flash-preview@05-20", released: "2026-11-29"),
                     base(3, "google/gemini-2.5-flash-preview@09-2025", released: "2026-11-29")]
        #expect(listed(bases) == ["04-17", "05-20", "09-2025"])
        let standings = DueRules.standings(of: bases, now: day("2026-11-29"))
        #expect(standings[3]?.supersededBy == nil, "the newest is not superseded")
        #expect(standings[2]?.supersededBy == 3)
        #expect(standings[1]?.supersededBy == 3)
    }

    @Test("Anthropic and dated OpenAI ids order by the id, not created")
    func datedIDs() {
        let gpt4o = [base(1, "openai/gpt-4o@2024-11-20", released: "2024-11-20"),
                     base(2, "openai/gpt-4o@2024-08-06", released: "2024-08-06"),
                     base(3, "openai/gpt-4o@2024-05-13", released: "2024-05-13")]
        #expect(listed(gpt4o) == ["2024-05-13", "2024-08-06", "2024-11-20"])
        let claude = [base(1, "anthropic/claude-3-5-sonnet@20241022", released: "2024-10-22"),
                      base(2, "anthropic/claude-3-5-sonnet@20240620", released: "2024-10-22")]
        #expect(listed(claude) == ["20240620", "20241022"])
        #expect(DueRules.standings(of: claude, now: day("2025-01-01"))[2]?.supersededBy == 1)
    }

    @Test("Mistral YYMM: 2402 < 2407 < 2411 whatever the release days")
    func mistral() {
        let bases = [base(1, "mistral/mistral-large@2411", released: "2025-01-01"),
                     base(2, "mistral/mistral-large@2407", released: "2025-01-01"),
                     base(3, "mistral/mistral-large@2402", released: "2025-02-01")]
        #expect(listed(bases) == ["2402", "2407", "2411"])
        let s = DueRules.standings(of: bases, now: day("2025-03-01"))
        #expect(s[3]?.supersededBy == 1 && s[2]?.supersededBy == 1 && s[1]?.supersededBy == nil)
    }

    @Test("no date or number in the id: release day, then first seen")
    func ollama() {
        let bases = [base(3, "ollama/llama3.1:8b@bbbbbbbbbbbb", released: "2024-08-01"),
                     base(2, "ollama/llama3.1:8b@aaaaaaaaaaaa", released: "2024-09-01"),
                     base(1, "ollama/llama3.1:8b@cccccccccccc", released: "2024-08-01")]
        #expect(listed(bases) == ["cccccccccccc", "bbbbbbbbbbbb", "aaaaaaaaaaaa"])
        let s = DueRules.standings(of: bases, now: day("2024-10-01"))
        #expect(s[1]?.supersededBy == 2 && s[3]?.supersededBy == 2 && s[2]?.supersededBy == nil)
    }

    @Test("a newer id not yet released supersedes nothing")
    func unreleased() {
        let bases = [base(1, "openai/gpt-4o@2024-08-06", released: "2024-08-06"),
                     base(2, "openai/gpt-4o@2024-11-20", released: "2024-11-20")]
        #expect(DueRules.standings(of: bases, now: day("2024-10-01"))[1]?.supersededBy == nil)
    }
}

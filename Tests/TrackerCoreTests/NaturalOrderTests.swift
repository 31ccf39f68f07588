import Testing
import TrackerCore

@Suite struct NaturalOrderTests {
    @Test func numbersSortAsNumbers() {
        #expect(NaturalOrder.sorted(["ft-10", "ft-1", "ft-100", "ft-2", "FT-3", "ft-02", "a", "ft-"])
                == ["a", "ft-", "ft-1", "ft-2", "ft-02", "FT-3", "ft-10", "ft-100"])
        #expect(NaturalOrder.less("model-9b", "model-70b"))
        #expect(!NaturalOrder.less("x", "x"))
        #expect(NaturalOrder.less("Team", "team") != NaturalOrder.less("team", "Team"), "a total order")
        // Longer than any integer: still compared digit by digit.
        #expect(NaturalOrder.less("n" + String(repeating: "9", count: 40), "n1" + String(repeating: "0", count: 40)))
    }
}

import ArgumentParser

/// The root command: lists the subcommands, nothing else.
struct Tracker: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tracker",
        abstract: "Keep the maintenance cost of LLM fine-tunes in plain sight.",
        discussion: """
            Records every fine-tune against the exact base-model snapshot it was trained on, \
            knows when snapshots are superseded, deprecated or shut down, and lists what must \
            be retrained.
            """,
        version: "0.1.0",
        subcommands: [
            Add.self, Retrain.self, SetCommand.self, GenerationCommand.self, Retire.self, Reopen.self, Remove.self, List.self, Show.self, Due.self, Forecast.self, Cost.self,
            BaseCommand.self, Sync.self, Import.self, Export.self, Notify.self, Alerts.self, Ack.self, Unack.self, Snooze.self, Unsnooze.self, ChannelCommand.self, BudgetCommand.self, CalendarCommand.self, Migrate.self,
            TaskCommand.self, PromptCommand.self, EvalCommand.self, Report.self, Doctor.self,
        ]
    )
}

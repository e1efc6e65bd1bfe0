import TallyCLI

await TallyCommand.runMain()

import TallyCLI

await TallyCommand.main()

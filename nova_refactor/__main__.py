from nova_refactor.cli.entry import main

main()

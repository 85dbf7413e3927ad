from nova_refactor.cli.app import main

main()

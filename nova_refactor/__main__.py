from nova_refactor.cli.entry import main

if __name__ == "__main__":  # a spawned process imports this module too (spawned.py)
    main()

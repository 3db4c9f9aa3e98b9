from leanbridge.cli import main

main()

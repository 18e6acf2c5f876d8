"""`python -m tests.surplus.sim`: print the comparison table."""

from .run import main

main()

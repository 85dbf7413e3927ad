from setuptools import setup

setup(
    name="tool",
    packages=["pkg"],
    entry_points={"console_scripts": ["tool=pkg:cli"]},
)

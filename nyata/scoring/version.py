# Stored with every finalised result, so that a score can be traced to the rules that produced it.
# Raise it whenever a change to the engine could change any number it prints.
ENGINE_VERSION = "1.0"

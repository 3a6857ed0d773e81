# Warnings as errors for every target of ours (third-party headers come in as SYSTEM).
add_library(oxh_warnings INTERFACE)
target_compile_options(oxh_warnings INTERFACE -Wall -Wextra -Wpedantic -Werror)

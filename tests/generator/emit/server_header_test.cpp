// The generated header is self-contained: it compiles included first, on its own.
#include "calculator_server.hpp"

#include <gtest/gtest.h>

TEST(GeneratedHeaders, ServerHeaderStandsAlone) {
    SUCCEED();
}

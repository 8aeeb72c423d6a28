// The generated header is self-contained: it compiles included first, on its own.
#include "calculator_client.hpp"

#include <gtest/gtest.h>

TEST(GeneratedHeaders, ClientHeaderStandsAlone) {
    SUCCEED();
}

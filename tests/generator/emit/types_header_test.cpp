// The generated header is self-contained: it compiles included first, on its own.
#include "calculator_types.hpp"

#include <gtest/gtest.h>

TEST(GeneratedHeaders, TypesHeaderStandsAlone) {
    SUCCEED();
}

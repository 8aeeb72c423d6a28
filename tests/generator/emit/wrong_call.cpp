// Compiled by expect_compile_failure.cmake, never linked: with WRONG_CALL defined, the marked
// line must not compile; without it, the file must.

#include "calculator_client.hpp"

#include <string>

void calls(calc::CalculatorClient& client, calc::CalculatorBatch& batch) {
#if defined(WRONG_CALL_string_for_number)
    client.add(std::string("two"), 3.0);  // WRONG CALL
#elif defined(WRONG_CALL_shape_for_expr)
    client.evaluate(calc::Shape(calc::Circle{}));  // WRONG CALL
#elif defined(WRONG_CALL_batch_string_for_integer)
    batch.subtract(std::string("10"));  // WRONG CALL
#elif defined(WRONG_CALL_missing_argument)
    client.divide(1.0);  // WRONG CALL
#else
    client.add(2.0, 3.0);
    client.evaluate(calc::Expr(calc::Literal{1.0}));
    batch.subtract(10);
    client.divide(1.0, 2.0);
#endif
}

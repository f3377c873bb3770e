#include <truepipe/cells.hpp>

#include <fmt/format.h>

#include <cmath>

namespace truepipe {

std::string number_text(double value) {
    if (std::isfinite(value) && value == std::floor(value) && std::fabs(value) < 1e15)
        return fmt::format("{}", static_cast<long long>(value));
    return fmt::format("{}", value);
}

}  // namespace truepipe

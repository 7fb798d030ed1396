// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {SignerSet} from "./SignerSet.sol";

interface IReserveRates {
    function setRate(bytes32 fund, uint256 quote, uint64 observedAt) external;
}

/// @title The rate oracle: the median of M-of-N signed quotes
/// @notice Each oracle key signs its own observation (EIP-712 `Quote`); anyone submits at least
/// `threshold` of them, by distinct keys in ascending address order, and the reserve receives their
/// median (the lower middle one for an even count) observed at the oldest of their times. A minority
/// of keys can therefore neither choose the rate nor make it look fresher than it is, and the reserve
/// still refuses any move faster than its per-time limit.
contract RateOracle is SignerSet {
    bytes32 public constant QUOTE_TYPEHASH = keccak256("Quote(bytes32 fund,uint256 quote,uint64 observedAt)");

    /// @notice "One whole unit of `fund` is worth `quote` peg units (1e18-scaled), seen at `observedAt`."
    struct Quote {
        bytes32 fund;
        uint256 quote;
        uint64 observedAt;
    }

    error MixedFunds(bytes32 fund);

    constructor(address governance_, uint256 changeDelay_, address[] memory signers_, uint256 threshold_)
        SignerSet("TET Rate Oracle", governance_, changeDelay_, signers_, threshold_)
    {}

    /// @notice Posts the median of the signed quotes for one fund. Returns it and its observation time.
    function post(Quote[] calldata quotes, bytes[] calldata signatures)
        external
        returns (uint256 median, uint64 observedAt)
    {
        uint256 n = quotes.length;
        bytes32[] memory digests = new bytes32[](n);
        uint256[] memory values = new uint256[](n);
        observedAt = type(uint64).max;
        for (uint256 i; i < n; ++i) {
            if (quotes[i].fund != quotes[0].fund) revert MixedFunds(quotes[i].fund);
            digests[i] = quoteDigest(quotes[i]);
            values[i] = quotes[i].quote;
            if (quotes[i].observedAt < observedAt) observedAt = quotes[i].observedAt;
        }
        _requireSigned(digests, signatures);
        for (uint256 i = 1; i < n; ++i) {
            uint256 v = values[i];
            uint256 j = i;
            for (; j > 0 && values[j - 1] > v; --j) values[j] = values[j - 1];
            values[j] = v;
        }
        median = values[(n - 1) / 2];
        IReserveRates(reserve).setRate(quotes[0].fund, median, observedAt);
    }

    function quoteDigest(Quote calldata q) public view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(QUOTE_TYPEHASH, q.fund, q.quote, q.observedAt)));
    }
}

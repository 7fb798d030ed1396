// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {Vm} from "forge-std/Vm.sol";
import {CustodianBoard} from "../src/sol/CustodianBoard.sol";
import {PaymentRouter} from "../src/sol/PaymentRouter.sol";
import {RateOracle} from "../src/sol/RateOracle.sol";
import {Reserve} from "../src/sol/Reserve.sol";
import {ReserveGovernance} from "../src/sol/ReserveGovernance.sol";
import {Settlement} from "../src/sol/Settlement.sol";
import {TestStablecoin} from "../src/sol/TestStablecoin.sol";
import {TETToken} from "../src/sol/TETToken.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @notice The whole system deployed the way deploySystem wires it, with the deploying contract as
/// governance and guardian, one custodian key and one oracle key, RUB the peg, EUR a fiat fund with a
/// 3 % buffer and a test stablecoin an ERC-20 fund with 1 %. Rates: fresh 600 s, 25 % per second.
abstract contract System {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));
    uint256 internal constant CUSTODIAN_KEY = 0xC0570D1A;
    uint256 internal constant ORACLE_KEY = 0x0AC1E;
    address internal constant INFRA = address(0x1F0);
    bytes32 internal constant RUB = "RUB";
    bytes32 internal constant EUR = "EUR";
    uint256 internal constant MAX_AGE = 600;

    TETToken internal token;
    Reserve internal reserve;
    CustodianBoard internal board;
    RateOracle internal oracle;
    PaymentRouter internal router;
    Settlement internal settlement;
    TestStablecoin internal usd;
    bytes32 internal USD;

    function deploySystem() internal {
        token = new TETToken();
        address[] memory custodians = new address[](1);
        custodians[0] = vm.addr(CUSTODIAN_KEY);
        address[] memory oracles = new address[](1);
        oracles[0] = vm.addr(ORACLE_KEY);
        board = new CustodianBoard(address(this), 1 days, custodians, 1);
        oracle = new RateOracle(address(this), 1 days, oracles, 1);
        reserve = new Reserve(
            token,
            address(this),
            address(board),
            address(oracle),
            address(this),
            Reserve.Config(RUB, 2, type(uint256).max, 0, MAX_AGE, 2_500, 1, 1 days)
        );
        board.bind(address(reserve));
        oracle.bind(address(reserve));
        settlement = new Settlement(IERC20(address(token)), 1 days);
        router = new PaymentRouter(token, reserve);
        address[] memory exempt = new address[](2);
        exempt[0] = address(settlement);
        exempt[1] = address(router);
        token.initialize(address(reserve), address(this), INFRA, exempt);
        usd = new TestStablecoin();
        USD = bytes32(uint256(uint160(address(usd))));
        reserve.listFund(EUR, ReserveGovernance.Listing(2, 100e18, 1, 1e24, address(0), 300, type(uint256).max));
        reserve.listFund(USD, ReserveGovernance.Listing(6, 90e18, 1, 1e24, address(usd), 100, type(uint256).max));
    }
}
